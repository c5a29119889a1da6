// The activity log: every change made to the program, who made it, when, and what it was before,
// in the owner's words (app/i18n/activity-words.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import type { CSSProperties } from "react";
import db from "../db.server";
import { authorText, changeLine, shownText, type Words } from "../i18n/activity-words";
import { useFormat, useLocale, useT } from "../i18n/I18nProvider";
import { listActivity } from "../loyalty/activity.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const before = Number(new URL(request.url).searchParams.get("before"));
  const page = await listActivity(db, shop.id, Number.isSafeInteger(before) && before > 0 ? before : undefined);
  return { ...page, currency: shop.currencyCode };
};

// IndexTable keeps a cell on one line: a long value would push the table out of its card.
const wraps: CSSProperties = { whiteSpace: "normal", overflowWrap: "anywhere" };

export default function Activity() {
  const { entries, nextBefore, currency } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const words: Words = { t, format, locale: useLocale(), currency };
  const action = (name: string) => t(`activity.actions.${name.replace(".", "_")}`, { defaultValue: name });
  return (
    <Page title={t("activity.title")} backAction={{ url: "/app/settings" }}>
      <BlockStack gap="400">
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("activity.title"), plural: t("activity.title") }}
            itemCount={entries.length}
            selectable={false}
            emptyState={<Text as="p" alignment="center">{t("activity.empty")}</Text>}
            headings={[{ title: t("activity.when") }, { title: t("activity.who") }, { title: t("activity.what") }, { title: t("activity.changes") }]}
          >
            {entries.map((e, index) => (
              <IndexTable.Row id={String(e.id)} key={e.id} position={index}>
                <IndexTable.Cell>{format.dateTime(e.at)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <div style={{ ...wraps, minWidth: "6rem" }}>{authorText(e.actor, e.author, t)}</div>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <div style={{ ...wraps, minWidth: "8rem" }}>
                    <Text as="p">{action(e.action)}</Text>
                    {e.subject ? (
                      <Text as="p" variant="bodySm" tone="subdued">
                        {shownText(e.subject, words)}
                      </Text>
                    ) : null}
                  </div>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <div style={{ ...wraps, minWidth: "14rem" }}>
                    <BlockStack gap="050">
                      {e.changes.map((change, i) => {
                        const { text, full } = changeLine(change, words);
                        return (
                          <Text as="p" key={i} variant="bodySm">
                            <span title={full === text ? undefined : full}>{text}</span>
                          </Text>
                        );
                      })}
                    </BlockStack>
                  </div>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <InlineStack gap="200">
          {nextBefore ? <Button url={`/app/activity?before=${nextBefore}`}>{t("activity.older")}</Button> : null}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}

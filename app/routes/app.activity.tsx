// The activity log: every change made to the program, who made it, when, and what it was before.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { useFormat, useT } from "../i18n/I18nProvider";
import { listActivity } from "../loyalty/activity.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const before = Number(new URL(request.url).searchParams.get("before"));
  return listActivity(db, shop.id, Number.isSafeInteger(before) && before > 0 ? before : undefined);
};

export default function Activity() {
  const { entries, nextBefore } = useLoaderData<typeof loader>();
  const t = useT();
  const { dateTime: when } = useFormat();
  const who = (actor: string) => (actor.startsWith("staff:") ? t("activity.staff", { id: actor.slice(6) }) : t("activity.system"));
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
                <IndexTable.Cell>{when(e.at)}</IndexTable.Cell>
                <IndexTable.Cell>{who(e.actor)}</IndexTable.Cell>
                <IndexTable.Cell>{action(e.action)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    {e.changes.slice(0, 8).map((c) => (
                      <Text as="span" key={c.field} variant="bodySm">
                        {c.field}: {c.before ?? "—"} → {c.after ?? "—"}
                      </Text>
                    ))}
                  </BlockStack>
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

// Members: search by any part of a name or email (decision 028), filter by tier and balance, sort, page by cursor.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, IndexTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import db from "../db.server";
import { useFormat, useT } from "../i18n/I18nProvider";
import { listMembers, MEMBER_SORTS } from "../loyalty/members-query.server";
import { shopSetup } from "../loyalty/shop-setup.server";
import { requireAdmin } from "../shopify/admin-context.server";

const querySchema = z.object({
  q: z.string().max(200).optional(),
  tier: z.string().max(50).optional(),
  minBalance: z.coerce.number().int().optional().catch(undefined),
  sort: z.enum(MEMBER_SORTS).catch("balance_desc"),
  cursor: z.string().max(500).optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const query = querySchema.parse(params);
  // The shop's kept setup (one narrow query when unchanged) has its tiers, lowest first.
  const tiers = ((await shopSetup(db, shop.id))?.tiers ?? []).map(({ id, name }) => ({ id, name }));
  const page = await listMembers(db, shop.id, { q: query.q, tierId: query.tier, minBalance: query.minBalance, sort: query.sort, cursor: query.cursor }, tiers);
  return { ...page, tiers, query };
};

export default function Members() {
  const { members, nextCursor, tiers, query } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const t = useT();
  const format = useFormat();
  const [q, setQ] = useState(query.q ?? "");
  const [tier, setTier] = useState(query.tier ?? "");
  const [minBalance, setMinBalance] = useState(query.minBalance === undefined ? "" : String(query.minBalance));
  const [sort, setSort] = useState<string>(query.sort);
  const nextPage = new URLSearchParams(params);
  if (nextCursor) nextPage.set("cursor", nextCursor);
  const firstPage = new URLSearchParams(params);
  firstPage.delete("cursor");

  return (
    <Page title={t("members.title")} backAction={{ url: "/app" }} secondaryActions={[{ content: t("members.importExport"), url: "/app/members/import" }]}>
      <BlockStack gap="400">
        <Card>
          <Form method="get">
            <BlockStack gap="200">
              <InlineStack gap="300" blockAlign="end" wrap>
                <div style={{ minWidth: 260 }}>
                  <TextField label={t("members.search")} name="q" type="search" value={q} onChange={setQ} autoComplete="off" />
                </div>
                <Select label={t("members.tier")} name="tier" value={tier} onChange={setTier} options={[{ label: t("members.anyTier"), value: "" }, { label: t("members.noTier"), value: "none" }, ...tiers.map((x) => ({ label: x.name, value: x.id }))]} />
                <TextField label={t("members.minBalance")} name="minBalance" type="number" value={minBalance} onChange={setMinBalance} autoComplete="off" />
                <Select label={t("members.sort")} name="sort" value={sort} onChange={setSort} options={[
                  { label: t("members.sortBalanceDesc"), value: "balance_desc" },
                  { label: t("members.sortBalanceAsc"), value: "balance_asc" },
                  { label: t("members.sortRecent"), value: "recent" },
                  { label: t("members.sortName"), value: "name" },
                ]} />
                <Button submit>{t("members.search")}</Button>
              </InlineStack>
              <Text as="p" tone="subdued">{t("members.searchHelp")}</Text>
            </BlockStack>
          </Form>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("members.member"), plural: t("members.title") }}
            itemCount={members.length}
            selectable={false}
            emptyState={<Text as="p" alignment="center">{t("members.none")}</Text>}
            headings={[{ title: t("members.member") }, { title: t("members.tier") }, { title: t("members.balance"), alignment: "end" }, { title: t("members.pending"), alignment: "end" }, { title: t("members.enrolled") }]}
          >
            {members.map((m, index) => (
              <IndexTable.Row id={m.id} key={m.id} position={index} onClick={() => navigate(`/app/members/${m.id}`)}>
                <IndexTable.Cell>
                  <BlockStack>
                    <Text as="span" fontWeight="semibold">{m.redacted ? t("members.anonymous") : m.name || m.email}</Text>
                    {!m.redacted && m.name ? <Text as="span" tone="subdued">{m.email}</Text> : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{m.tier ? <Badge>{m.tier}</Badge> : "—"}</IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{format.number(m.balance)}</Text></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{format.number(m.pendingPoints)}</Text></IndexTable.Cell>
                <IndexTable.Cell>{format.date(m.enrolledAt)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <InlineStack gap="200">
          {query.cursor ? <Button url={`?${firstPage}`}>{t("members.first")}</Button> : null}
          {nextCursor ? <Button url={`?${nextPage}`}>{t("members.next")}</Button> : null}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}

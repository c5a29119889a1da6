// The rewards catalog: every reward with its cost and state; pause, activate, delete (once confirmed).
// A partner reward shows the codes left in its pool, with a warning badge when few or none are.
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Button, ButtonGroup, Card, IndexTable, Modal, Page, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import db from "../db.server";
import { useFormat, useT } from "../i18n/I18nProvider";
import { setRewardState } from "../loyalty/rewards.server";
import { requireAdmin } from "../shopify/admin-context.server";
import { isRewardSegment } from "../loyalty/reward-audience";
import { poolRemaining } from "../loyalty/partner-codes.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const rewards = await db.reward.findMany({ where: { shopId: shop.id, deletedAt: null }, orderBy: [{ pointsCost: "asc" }, { createdAt: "asc" }], include: { tier: { select: { name: true } } } });
  const left = await poolRemaining(db, rewards.filter((r) => r.type === "partner_code").map((r) => r.id));
  return {
    rewards: rewards.map((r) => ({
      id: r.id, name: r.name, type: r.type, pointsCost: r.pointsCost, active: r.active, tier: r.tier?.name ?? null, segment: isRewardSegment(r.segment) ? r.segment : null, segmentValue: r.segmentValue,
      pool: r.type === "partner_code" ? { remaining: left.get(r.id) ?? 0, lowAt: r.poolLowAt } : null,
    })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = z.object({ id: z.string().min(1), state: z.enum(["active", "paused", "deleted"]) }).safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return failed<{ state: string }, { done: null }>({ state: "rewards.badState" });
  const reward = await setRewardState(db, shop.id, form.data.id, form.data.state, staff);
  return succeeded({ done: reward ? form.data.state : null }); // a deleted reward stays deleted
};

function RewardActions({ id, name, active }: { id: string; name: string; active: boolean }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (fetcher.data?.ok && fetcher.data.data?.done === "deleted") shopify.toast.show(t("rewards.deleted"));
  }, [fetcher.data, shopify, t]);
  const submit = (state: string) => fetcher.submit({ id, state }, { method: "post" });
  return (
    <>
      <ButtonGroup>
        <Button url={`/app/rewards/${id}`}>{t("rewards.edit")}</Button>
        <Button onClick={() => submit(active ? "paused" : "active")}>{t(active ? "rewards.pause" : "rewards.activate")}</Button>
        <Button tone="critical" onClick={() => setConfirming(true)}>{t("rewards.delete")}</Button>
      </ButtonGroup>
      {/* Deleting cannot be undone from here: the owner confirms first. */}
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("rewards.deleteTitle", { name })}
        primaryAction={{ content: t("rewards.delete"), destructive: true, onAction: () => { setConfirming(false); submit("deleted"); } }}
        secondaryActions={[{ content: t("rewards.deleteCancel"), onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t("rewards.deleteBody")}</Text>
        </Modal.Section>
      </Modal>
    </>
  );
}

export default function Rewards() {
  const { rewards } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const shopify = useAppBridge();
  const t = useT();
  const format = useFormat();
  const saved = params.get("saved");
  const location = useLocation();
  const toasted = useRef<string | null>(null); // once per arrival, even when effects run twice (StrictMode)
  useEffect(() => {
    if (!saved || toasted.current === location.key) return;
    toasted.current = location.key;
    shopify.toast.show(t("rewards.saved"));
  }, [saved, location.key, shopify, t]);
  return (
    <Page title={t("rewards.title")} backAction={{ url: "/app" }} primaryAction={{ content: t("rewards.new"), url: "/app/rewards/new" }}>
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: t("rewards.title"), plural: t("rewards.title") }}
          itemCount={rewards.length}
          selectable={false}
          emptyState={<Text as="p" alignment="center">{t("rewards.empty")}</Text>}
          headings={[{ title: t("rewards.name") }, { title: t("rewards.type") }, { title: t("rewards.cost"), alignment: "end" }, { title: t("rewards.status") }, { title: "" }]}
        >
          {rewards.map((r, index) => (
            <IndexTable.Row id={r.id} key={r.id} position={index}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">{r.name}</Text> {r.tier ? <Badge>{r.tier}</Badge> : null} {r.segment ? <Badge tone="info">{`${t(`rewards.segments.${r.segment}`)}${r.segmentValue ? `: ${r.segmentValue}` : ""}`}</Badge> : null}
              </IndexTable.Cell>
              <IndexTable.Cell>
                {t(`rewards.types.${r.type}`)}
                {r.pool && (
                  <>
                    {" "}
                    <Badge tone={r.pool.remaining === 0 ? "critical" : r.pool.remaining < r.pool.lowAt ? "warning" : undefined}>
                      {r.pool.remaining === 0
                        ? t("rewards.pool.noneBadge")
                        : [r.pool.remaining < r.pool.lowAt && t("rewards.pool.lowBadge"), t("rewards.pool.remaining", { count: r.pool.remaining, formatted: format.number(r.pool.remaining) })].filter(Boolean).join(" · ")}
                    </Badge>
                  </>
                )}
              </IndexTable.Cell>
              <IndexTable.Cell><Text as="span" alignment="end" numeric>{format.number(r.pointsCost)}</Text></IndexTable.Cell>
              <IndexTable.Cell><Badge tone={r.active ? "success" : undefined}>{t(r.active ? "rewards.active" : "rewards.paused")}</Badge></IndexTable.Cell>
              <IndexTable.Cell><RewardActions id={r.id} name={r.name} active={r.active} /></IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}

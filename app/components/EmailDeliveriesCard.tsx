// The shop's latest emails: when, which, to whom, and how it went (the server's answer, or why one
// was skipped, in the owner's words where Klub knows the reason).
import { Badge, BlockStack, Box, Card, IndexTable, Text, type BadgeProps } from "@shopify/polaris";
import type { CSSProperties } from "react";
import { isSkipReason } from "../email/skip-reasons";
import { useFormat, useT } from "../i18n/I18nProvider";

export interface DeliveryRow {
  id: number;
  type: string;
  email: string | null;
  status: string;
  note: string | null;
  sentAt: string | null;
  createdAt: string;
}

const TONES: Record<string, BadgeProps["tone"]> = { sent: "success", pending: "info", failed: "critical" };


// IndexTable keeps a cell on one line: a server's long answer would push the table out of its card.
const wraps: CSSProperties = { whiteSpace: "normal", overflowWrap: "anywhere", minWidth: "10rem" };

export function EmailDeliveriesCard({ deliveries }: { deliveries: DeliveryRow[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <Card padding="0">
      <BlockStack gap="0">
        <Box padding="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">{t("email.recent")}</Text>
            {deliveries.length ? <Text as="p" tone="subdued">{t("email.recentCount", { count: deliveries.length, formatted: format.number(deliveries.length) })}</Text> : null}
          </BlockStack>
        </Box>
        <IndexTable
          resourceName={{ singular: t("email.recent"), plural: t("email.recent") }}
          itemCount={deliveries.length}
          selectable={false}
          emptyState={<Text as="p" alignment="center">{t("email.recentEmpty")}</Text>}
          headings={[{ title: t("email.when") }, { title: t("email.emailType") }, { title: t("email.member") }, { title: t("email.statusLabel") }, { title: t("email.note") }]}
        >
          {deliveries.map((d, index) => (
            <IndexTable.Row id={String(d.id)} key={d.id} position={index}>
              <IndexTable.Cell>{format.dateTime(d.sentAt ?? d.createdAt)}</IndexTable.Cell>
              <IndexTable.Cell>{t(`email.types.${d.type}`, { defaultValue: d.type })}</IndexTable.Cell>
              <IndexTable.Cell>{d.email ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={TONES[d.status]}>{t(`email.status.${d.status}`, { defaultValue: d.status })}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <div style={wraps}>
                  <Text as="span" variant="bodySm" tone="subdued">{isSkipReason(d.note) ? t(`email.notes.${d.note}`) : (d.note ?? "")}</Text>
                </div>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}

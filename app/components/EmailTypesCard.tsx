// The emails members get: each type, whether it goes out (the owner's choice or Klub's default),
// whether it carries the owner's own words, and a link to edit it.
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { Fragment } from "react";
import { useT } from "../i18n/I18nProvider";

export interface EmailTypeRow {
  type: string;
  enabled: boolean;
  needsConsent: boolean;
  words: Partial<Record<string, { subject?: string; opening?: string }>>;
}

export function EmailTypesCard({ types }: { types: EmailTypeRow[] }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{t("email.typesTitle")}</Text>
        <Text as="p" tone="subdued">{t("email.typesHelp")}</Text>
        {types.map((row) => {
          const name = t(`email.types.${row.type}`);
          const ownWords = Object.values(row.words).some((w) => w?.subject || w?.opening);
          return (
            <Fragment key={row.type}>
              <Divider />
              <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
                <Box minWidth="0">
                  <BlockStack gap="100">
                    <InlineStack gap="200" align="start" blockAlign="center">
                      <Text as="h3" variant="headingSm">{name}</Text>
                      <Badge tone={row.enabled ? "success" : undefined}>{t(row.enabled ? "email.typeOn" : "email.typeOff")}</Badge>
                      {ownWords ? <Badge tone="info">{t("email.ownWords")}</Badge> : null}
                    </InlineStack>
                    <Text as="p" tone="subdued">{t(`email.typeHelp.${row.type}`)}</Text>
                    {row.needsConsent ? <Text as="p" variant="bodySm" tone="subdued">{t("email.needsConsent")}</Text> : null}
                  </BlockStack>
                </Box>
                <Button url={`/app/email/${row.type}`} accessibilityLabel={t("email.editNamed", { name })}>{t("email.edit")}</Button>
              </InlineStack>
            </Fragment>
          );
        })}
      </BlockStack>
    </Card>
  );
}

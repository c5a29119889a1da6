// Why the program's emails cannot go out yet, on both email pages: no secrets key to keep the mail
// server's password, or no mail server.
import { Banner, Layout } from "@shopify/polaris";
import { useT } from "../i18n/I18nProvider";

export function EmailOffBanner({ canKeepSecrets, configured }: { canKeepSecrets: boolean; configured: boolean }) {
  const t = useT();
  if (!canKeepSecrets) {
    return (
      <Layout.Section>
        <Banner tone="critical" title={t("email.noSecretsKey")} />
      </Layout.Section>
    );
  }
  if (configured) return null;
  return (
    <Layout.Section>
      <Banner tone="info" title={t("email.off")}>{t("email.offHelp")}</Banner>
    </Layout.Section>
  );
}

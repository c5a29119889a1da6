// Downloads the members CSV. A plain link would reach the app without a session token, so the
// file is fetched (App Bridge adds the token) and handed to the browser as a download.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "../i18n/I18nProvider";

export function ExportMembersButton() {
  const t = useT();
  const shopify = useAppBridge();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch("/app/members/export");
      if (!response.ok) throw new Error(`Export failed: ${response.status}`);
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "klub-members.csv";
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement("a"), { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      shopify.toast.show(t("import.exportFailed"), { isError: true });
    } finally {
      setBusy(false);
    }
  };
  return <Button onClick={download} loading={busy}>{t("import.export")}</Button>;
}

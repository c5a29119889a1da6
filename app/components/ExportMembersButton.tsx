// Downloads the members CSV (streamed by app/routes/app.members.export.tsx).
import { useT } from "../i18n/I18nProvider";
import { DownloadButton } from "./DownloadButton";

export function ExportMembersButton() {
  const t = useT();
  return <DownloadButton url="/app/members/export" fallbackName="klub-members.csv" label={t("import.export")} failedText={t("import.exportFailed")} />;
}

// Import members and opening balances from CSV: choose a file, check it (a dry run: every row
// validated, what would change), import, follow the progress. Export is here too.
import { failed, succeeded } from "../action-result";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, DropZone, InlineStack, Layout, List, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { ExportMembersButton } from "../components/ExportMembersButton";
import db from "../db.server";
import { useStateFromPage } from "../form-values";
import { useFormat, useT } from "../i18n/I18nProvider";
import { IMPORT_COLUMNS, parseMembersCsv, type RowError } from "../loyalty/member-csv";
import { latestImport, planImport, startImport, type ImportPlan } from "../loyalty/member-import.server";
import { requireAdmin } from "../shopify/admin-context.server";
import { kickJobs } from "../workers.server";

const ERRORS_SHOWN = 100;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const job = await latestImport(db, shop.id);
  return {
    columns: IMPORT_COLUMNS.join(", "),
    job: job && { id: job.id, fileName: job.fileName, status: job.status, totalRows: job.totalRows, processedRows: job.processedRows, created: job.created, balances: job.balances, skipped: job.skipped },
  };
};

const importForm = z.object({
  intent: z.enum(["check", "import"]),
  fileName: z.string().trim().min(1).max(200),
  csv: z.string(),
});

type Checked = { intent: "check" | "import"; fileName: string; errors: RowError[]; errorCount: number; plan: ImportPlan | null; preview: string[][]; started: number | null };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, staff } = await requireAdmin(request);
  const form = importForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) throw new Response("Expected intent, fileName and csv", { status: 400 });
  const { intent, fileName, csv } = form.data;
  const { rows, errors } = parseMembersCsv(csv);
  const checked: Checked = { intent, fileName, errors: errors.slice(0, ERRORS_SHOWN), errorCount: errors.length, plan: null, preview: [], started: null };
  if (errors.length) return failed<{ file: string }, Checked>({ file: "import.hasErrors" }, checked); // nothing is imported from a file with errors
  checked.plan = await planImport(db, shop.id, rows);
  checked.preview = rows.slice(0, 10).map((r) => [String(r.line), r.customerId, r.email ?? "", [r.firstName, r.lastName].filter(Boolean).join(" "), r.points === null ? "" : String(r.points)]);
  if (intent === "import") {
    checked.started = (await startImport(db, { shopId: shop.id, fileName, rows, actor: staff })).id;
    kickJobs();
  }
  return succeeded(checked);
};

export default function ImportMembers() {
  const { job, columns } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  const t = useT();
  const format = useFormat();
  // Counts are shown formatted ({{n}}); the raw count picks the plural form.
  const counted = (key: string, count: number, values: Record<string, string> = {}) => t(key, { count, n: format.number(count), ...values });
  // A file chosen before the page's script ran is in the drop zone's input, not yet in the state.
  const [file, setFile, zone] = useStateFromPage<File | null, HTMLDivElement>(null, (element, current) => current ?? element.querySelector<HTMLInputElement>("input[type=file]")?.files?.[0] ?? null);
  const running = job?.status === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const result = fetcher.data?.data && fetcher.data.data.fileName === file?.name ? fetcher.data.data : null;
  const submit = async (intent: "check" | "import") => file && fetcher.submit({ intent, fileName: file.name, csv: await file.text() }, { method: "post", encType: "multipart/form-data" });
  const busy = fetcher.state !== "idle";

  return (
    <Page title={t("import.title")} backAction={{ url: "/app/members" }} secondaryActions={<ExportMembersButton />}>
      <Layout>
        {job ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">{t(running ? "import.running" : "import.finished", { file: job.fileName })}</Text>
                <ProgressBar progress={job.totalRows ? Math.round((job.processedRows * 100) / job.totalRows) : 100} tone={running ? "highlight" : "success"} />
                <Text as="p" tone="subdued">{t("import.progress", { processed: format.number(job.processedRows), total: format.number(job.totalRows), created: format.number(job.created), balances: format.number(job.balances), skipped: format.number(job.skipped) })}</Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p">{t("import.columns", { columns })}</Text>
              <Text as="p" tone="subdued">{t("import.once")}</Text>
              <div ref={zone}>
                <DropZone
                  label={t("import.file")}
                  accept=".csv,text/csv"
                  type="file"
                  allowMultiple={false}
                  onDrop={(files: File[]) => {
                    if (files[0]) setFile(files[0]);
                  }}
                >
                  {file ? <Text as="p" alignment="center">{file.name}</Text> : <DropZone.FileUpload actionTitle={t("import.choose")} actionHint={t("import.hint")} />}
                </DropZone>
              </div>
              <InlineStack gap="200">
                <Button onClick={() => submit("check")} disabled={!file} loading={busy && fetcher.formData?.get("intent") === "check"}>{t("import.check")}</Button>
                <Button variant="primary" onClick={() => submit("import")} disabled={!file || !result?.plan || result.started !== null} loading={busy && fetcher.formData?.get("intent") === "import"}>{t("import.start")}</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        {result && result.errorCount > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title={counted("import.hasErrors", result.errorCount)}>
              <List>
                {result.errors.map((e, i) => (
                  <List.Item key={i}>{e.line ? t("import.atLine", { line: e.line, message: t(e.key, e.values) }) : t(e.key, e.values)}</List.Item>
                ))}
              </List>
              {result.errorCount > result.errors.length ? <Text as="p">{counted("import.moreErrors", result.errorCount - result.errors.length)}</Text> : null}
            </Banner>
          </Layout.Section>
        ) : null}
        {result?.plan ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingSm">{t(result.started ? "import.started" : "import.dryRun")}</Text>
                <List>
                  <List.Item>{counted("import.planRows", result.plan.rows)}</List.Item>
                  <List.Item>{counted("import.planNew", result.plan.newMembers)}</List.Item>
                  <List.Item>{counted("import.planExisting", result.plan.existingMembers)}</List.Item>
                  <List.Item>{counted("import.planBalances", result.plan.balancesToChange, { points: format.signed(result.plan.pointsChange) })}</List.Item>
                  <List.Item>{counted("import.planUnchanged", result.plan.unchanged)}</List.Item>
                </List>
                <DataTable
                  columnContentTypes={["numeric", "text", "text", "text", "numeric"]}
                  headings={[t("import.line"), "customer_id", t("import.email"), t("import.name"), t("import.points")]}
                  rows={result.preview.map(([line, customerId, email, name, points]) => [line, customerId, email, name, points === "" ? "" : format.number(Number(points))])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

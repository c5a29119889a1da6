// Members and balances as a CSV download, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "../csv-download.server";
import db from "../db.server";
import { exportMembersCsv } from "../loyalty/member-export.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const date = new Date().toISOString().slice(0, 10);
  return csvDownload(exportMembersCsv(db, shop.id), `klub-members-${shop.domain.replace(/\.myshopify\.com$/, "")}-${date}.csv`);
};

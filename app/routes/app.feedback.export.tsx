// The members' feedback answers of a date range as a CSV download, streamed (Analytics' satisfaction).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { chosenRange } from "../analytics-range";
import { csvDownload } from "../csv-download.server";
import db from "../db.server";
import { feedbackCsv } from "../loyalty/feedback.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const range = chosenRange(new URL(request.url).searchParams, today);
  if (Object.keys(range.errors).length) return new Response("Choose a valid date range.", { status: 400 });
  return csvDownload(feedbackCsv(db, shop.id, range), `klub-feedback-${range.text.from}-${range.text.to}.csv`);
};

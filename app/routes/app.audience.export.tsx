// One audience segment's members as a CSV download (the members export's columns), streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDownload } from "../csv-download.server";
import db from "../db.server";
import { parseSegment } from "../loyalty/audience";
import { segmentWhere } from "../loyalty/audience.server";
import { exportMembersCsv } from "../loyalty/member-export.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const segment = parseSegment(new URL(request.url).searchParams);
  if (!segment) return new Response("Unknown segment: ?dimension= and ?segment= (and ?country= for a region) name one.", { status: 400 });
  const now = new Date();
  const chunks = exportMembersCsv(db, shop.id, segmentWhere({ currency: shop.currencyCode, now }, segment.dimension, segment.key, segment.country));
  const name = [segment.dimension, segment.country, segment.key || "unknown"].filter(Boolean).join("-");
  return csvDownload(chunks, `klub-audience-${name}-${now.toISOString().slice(0, 10)}.csv`);
};

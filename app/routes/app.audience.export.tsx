// One audience segment's members as a CSV download (the members export's columns), streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
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
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const name = [segment.dimension, segment.country, segment.key || "unknown"].filter(Boolean).join("-").replace(/[^A-Za-z0-9-]/g, "_");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="klub-audience-${name}-${now.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};

// Members and balances as a CSV download, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { exportMembersCsv } from "../loyalty/member-export.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const chunks = exportMembersCsv(db, shop.id);
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
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="klub-members-${shop.domain.replace(/\.myshopify\.com$/, "")}-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};

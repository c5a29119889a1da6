// The members' feedback answers of a date range as a CSV download, streamed (Analytics' satisfaction).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { chosenRange } from "../analytics-range";
import db from "../db.server";
import { csvText } from "../loyalty/csv";
import { FEEDBACK_COLUMNS, feedbackRows } from "../loyalty/feedback.server";
import { requireAdmin } from "../shopify/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const range = chosenRange(new URL(request.url).searchParams, today);
  if (Object.keys(range.errors).length) return new Response("Choose a valid date range.", { status: 400 });
  const batches = feedbackRows(db, shop.id, range);
  const encoder = new TextEncoder();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        if (first) controller.enqueue(encoder.encode(csvText(FEEDBACK_COLUMNS, [], true))); // an empty range: the header alone
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(csvText(FEEDBACK_COLUMNS, next.value, first)));
      first = false;
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="klub-feedback-${range.text.from}-${range.text.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};

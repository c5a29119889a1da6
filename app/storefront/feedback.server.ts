// A feedback answer as the storefront sends it: the shopper checked (logged_in_customer_id only),
// the body checked, the one answerFeedback of app/loyalty/feedback.server.ts, and the answer worded
// in the shopper's language in the one action shape.
import type { PrismaClient } from "@prisma/client";
import { failed, succeeded } from "../action-result";
import { translator, type Locale } from "../i18n/i18n";
import { parseAnswer } from "../loyalty/feedback";
import { answerFeedback, FeedbackRefused, type FeedbackRefusal } from "../loyalty/feedback.server";
import { installedShop } from "../loyalty/program.server";
import { formatPoints } from "./shopper-view";
import type { Shopper } from "./spend.server";

const NO_STORE = { "Cache-Control": "no-store" };

const STATUS: Record<FeedbackRefusal, number> = { program_off: 403, no_member: 409, not_asked: 409, already_answered: 409 };

function refused(status: number, locale: Locale, errors: Record<string, string>) {
  const t = translator(locale);
  return Response.json(failed(Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key)]))), { status, headers: NO_STORE });
}

/** POST feedback {score, comment} -> { ok, errors, data: { credited, balance, message } }. */
export async function feedbackFor(db: PrismaClient, shopper: Omit<Shopper, "graphql">, request: Request): Promise<Response> {
  const { locale } = shopper;
  if (!shopper.customerId) return refused(401, locale, { form: "storefront.feedback.errors.guest" });
  const body = await request.json().catch(() => undefined);
  if (body === undefined) return refused(400, locale, { form: "storefront.errors.bad_request" });
  const parsed = parseAnswer(body);
  if ("errors" in parsed) return refused(400, locale, { form: parsed.errors.score ?? parsed.errors.comment!, ...parsed.errors });
  const shop = await installedShop(db, shopper.shop);
  if (!shop) return refused(403, locale, { form: "storefront.errors.program_off" });
  try {
    const received = await answerFeedback(db, shop.id, shopper.customerId, parsed, new Date());
    const t = translator(locale);
    const message = received.credited > 0 ? t("storefront.feedback.thanksPoints", { points: formatPoints(received.credited, { t, locale, currency: shop.currencyCode }) }) : t("storefront.feedback.thanks");
    return Response.json(succeeded({ credited: received.credited, balance: received.balance, message }), { headers: NO_STORE });
  } catch (error) {
    if (!(error instanceof FeedbackRefused)) throw error;
    const key = error.reason === "program_off" ? "storefront.errors.program_off" : `storefront.feedback.errors.${error.reason}`;
    return refused(STATUS[error.reason], locale, { form: key });
  }
}

// app/scopes_update: the shop granted or revoked scopes; the stored sessions say what they now
// hold (as Shopify's app template does). Nothing for the inbox: the session is the only state.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { authenticate } from "../shopify.server";

const payload = z.object({ current: z.array(z.string()) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload: body } = await authenticate.webhook(request);
  if (topic !== "APP_SCOPES_UPDATE") return new Response(`This address takes app/scopes_update, not ${topic}`, { status: 400 });
  const parsed = payload.safeParse(body);
  if (!parsed.success) return new Response("Invalid app/scopes_update payload: current must list the scopes", { status: 400 });
  await db.session.updateMany({ where: { shop }, data: { scope: parsed.data.current.join(",") } });
  return new Response("Accepted", { status: 200 });
};

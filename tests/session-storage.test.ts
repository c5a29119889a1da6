// Klub's session storage reads a session with typed SQL: it must give back exactly the Session the
// library's own storage gives, every field kept (expiring offline tokens included).
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { expect, it } from "vitest";
import { KlubSessionStorage } from "../app/shopify/session-storage.server";
import { freshDatabase } from "./support/database";

const { db } = freshDatabase();

it("loads a stored session as the library's storage does, and nothing for an unknown id", async () => {
  const storage = new KlubSessionStorage(db);
  const library = new PrismaSessionStorage(db);
  const offline = new Session({
    id: "offline_kept.myshopify.com",
    shop: "kept.myshopify.com",
    state: "installed",
    isOnline: false,
    scope: "read_orders,write_discounts",
    expires: new Date("2027-01-02T03:04:05.000Z"),
    accessToken: "shpat_kept",
    refreshToken: "shprt_kept",
    refreshTokenExpires: new Date("2027-03-04T05:06:07.000Z"),
  });
  const online = new Session({
    id: "kept.myshopify.com_42",
    shop: "kept.myshopify.com",
    state: "",
    isOnline: true,
    accessToken: "shpua_kept",
    onlineAccessInfo: {
      expires_in: 86_400,
      associated_user_scope: "read_orders",
      associated_user: { id: 42, first_name: "Ada", last_name: "Nowak", email: "ada@example.com", email_verified: true, account_owner: true, locale: "pl", collaborator: false },
    },
  });
  for (const session of [offline, online]) {
    await library.storeSession(session);
    const loaded = await storage.loadSession(session.id);
    expect(loaded!.toObject()).toEqual((await library.loadSession(session.id))!.toObject());
    expect(loaded!.accessToken).toBe(session.accessToken);
  }
  expect((await storage.loadSession(offline.id))!.toObject()).toMatchObject({ scope: "read_orders,write_discounts", expires: new Date("2027-01-02T03:04:05.000Z"), refreshToken: "shprt_kept" });
  expect(await storage.loadSession("offline_unknown.myshopify.com")).toBeUndefined();
});

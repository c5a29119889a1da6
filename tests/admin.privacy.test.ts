// The shop owner reads in the admin what Klub answered to privacy requests.
import { beforeAll, expect, it } from "vitest";
import { installTestShop } from "./support/shop";
import { adminRequest, storeOfflineSession } from "./support/admin";
import { useFreshAppDatabase } from "./support/app";
import { deliver, fixture } from "./support/webhooks";

const { db } = useFreshAppDatabase();
const SHOP = "klub-demo.myshopify.com";

beforeAll(async () => {
  await installTestShop(db, SHOP);
  await storeOfflineSession(db, SHOP);
  await deliver("orders/paid", fixture("orders-paid"));
  await deliver("customers/data_request", fixture("customers-data_request"));
});

it("lists data requests with what Klub holds on the customer", async () => {
  const { loader } = await import("../app/routes/app.privacy");
  const data = await loader({ request: adminRequest("/app/privacy", SHOP), params: {}, context: {} });
  expect(data.requests).toHaveLength(1);
  expect(data.requests[0]).toMatchObject({ kind: "data_request", customerId: "7412345678901" });
  expect(data.requests[0].report).toContain('"balance": 121');
  expect(data.requests[0].report).toContain("ania.kowalska@example.com");
});

it("refuses a request without a valid session token", async () => {
  const { loader } = await import("../app/routes/app.privacy");
  const forged = new Request("http://localhost:3000/app/privacy", { headers: { Authorization: "Bearer not.a.token" } });
  const outcome = await loader({ request: forged, params: {}, context: {} }).catch((thrown: unknown) => thrown);
  expect(outcome).toBeInstanceOf(Response);
  expect((outcome as Response).status).toBe(401);
});

// The Admin GraphQL client for a shop, from its stored offline session (for background work).
import { unauthenticated } from "../shopify.server";
import type { AdminFor } from "./outbox-worker.server";

export const adminFor: AdminFor = async (shopDomain) => {
  const { admin } = await unauthenticated.admin(shopDomain);
  return async (query, variables) => (await admin.graphql(query, { variables })).json();
};

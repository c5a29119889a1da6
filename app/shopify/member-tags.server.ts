// Klub's tags on members' customers (decision 051), sent by the member sync after their
// metafields: tagsAdd / tagsRemove, only when the tags the member should carry differ from those
// last sent (Member.shopifyTags), so a balance change costs no call.
import type { PrismaClient } from "@prisma/client";
import { memberTags, tagChanges, tagsOf, tagsText } from "./member-tags";
import type { AdminGraphql } from "./outbox-worker.server";

interface TagsAnswer {
  data?: Record<string, { userErrors: { field?: string[] | null; message: string }[] } | null> | null;
  errors?: unknown;
}

interface TagChange {
  customerGid: string;
  add: string[];
  remove: string[];
}

/** One document for every change: an aliased tagsAdd and tagsRemove per customer. */
function tagsDocument(changes: TagChange[]) {
  const params: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  changes.forEach((c, i) => {
    params.push(`$id${i}: ID!`);
    variables[`id${i}`] = c.customerGid;
    if (c.add.length) {
      params.push(`$add${i}: [String!]!`);
      variables[`add${i}`] = c.add;
      fields.push(`add${i}: tagsAdd(id: $id${i}, tags: $add${i}) { userErrors { field message } }`);
    }
    if (c.remove.length) {
      params.push(`$remove${i}: [String!]!`);
      variables[`remove${i}`] = c.remove;
      fields.push(`remove${i}: tagsRemove(id: $id${i}, tags: $remove${i}) { userErrors { field message } }`);
    }
  });
  return { query: `mutation KlubMemberTags(${params.join(", ")}) {\n  ${fields.join("\n  ")}\n}`, variables };
}

const missingCustomer = (message: string) => /does not exist|not found|couldn't find/i.test(message);

/**
 * Sends the changes in one call. Returns the customers Shopify does not have (nothing to tag);
 * throws when Shopify does not answer or refuses otherwise.
 */
export async function sendTagChanges(graphql: AdminGraphql, changes: TagChange[]): Promise<Set<string>> {
  const missing = new Set<string>();
  if (!changes.length) return missing;
  const { query, variables } = tagsDocument(changes);
  const body = (await graphql(query, variables)) as TagsAnswer;
  if (body.errors || !body.data) throw new Error(`tagsAdd/tagsRemove failed: ${JSON.stringify(body.errors ?? body)}`);
  changes.forEach((c, i) => {
    for (const alias of [`add${i}`, `remove${i}`]) {
      if (!(alias in variables)) continue; // asked only when there was something to add or remove
      const answer = body.data![alias];
      if (!answer) throw new Error(`${alias}: no answer`);
      if (!answer.userErrors.length) continue;
      if (answer.userErrors.every((e) => missingCustomer(e.message))) missing.add(c.customerGid);
      else throw new Error(`tags refused for ${c.customerGid}: ${answer.userErrors.map((e) => e.message).join("; ")}`);
    }
  });
  return missing;
}

type TaggedMember = { id: string; customerId: string; tierId: string | null; redactedAt: Date | null; shopifyTags: string | null };

/**
 * Puts on each member's customer the tags they should carry, and remembers what was sent. A
 * customer Shopify does not have is remembered as done too: there is nothing to tag.
 */
export async function syncMemberTags(db: PrismaClient, graphql: AdminGraphql, members: TaggedMember[], skip: ReadonlySet<string> = new Set()): Promise<number> {
  const due = members
    .filter((m) => !skip.has(`gid://shopify/Customer/${m.customerId}`))
    .map((m) => ({ member: m, wanted: memberTags(m), ...tagChanges(tagsOf(m.shopifyTags), memberTags(m)) }))
    .filter((d) => d.add.length || d.remove.length || d.member.shopifyTags === null);
  const calls = due.filter((d) => d.add.length || d.remove.length);
  await sendTagChanges(graphql, calls.map((d) => ({ customerGid: `gid://shopify/Customer/${d.member.customerId}`, add: d.add, remove: d.remove })));
  for (const d of due) await db.member.updateMany({ where: { id: d.member.id, customerId: d.member.customerId }, data: { shopifyTags: tagsText(d.wanted) } });
  return calls.length;
}

// npm run rollups:rebuild [-- <shop domain>]: recomputes the analytics' daily rollups from the
// ledger, the members and the orders (DATABASE_URL, as the app reads it). Safe to run at any time:
// each shop is rebuilt in one transaction.
import { createDb } from "../app/db.server";
import { rebuildRollups } from "../app/loyalty/rollups.server";

const db = createDb();
const domain = process.argv[2];
const shop = domain ? await db.shop.findUnique({ where: { domain } }) : null;
if (domain && !shop) {
  console.error(`No shop ${domain} in this database.`);
  process.exit(1);
}
const started = performance.now();
let current = "";
const count = await rebuildRollups(db, {
  shopId: shop?.id,
  progress: (shopDomain, step) => {
    if (shopDomain !== current) console.log((current = shopDomain));
    console.log(`  ${step} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  },
});
console.log(`Rebuilt the rollups of ${count} shop${count === 1 ? "" : "s"} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
await db.$disconnect();

-- A customer's second counted order, and when their first was (decision 047, goals' target groups).
-- Written by hand: Prisma would copy the whole table to add a NOT NULL column, dropping its
-- rollup triggers; SQLite adds a column with a default in place.
ALTER TABLE "OrderSummary" ADD COLUMN "secondOrder" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "OrderSummary" ADD COLUMN "firstOrderAt" DATETIME;

-- The orders already kept: counted orders (not cancelled, not tests) of each customer in the order
-- app/loyalty/retention.ts ranks them (time, then id). The rollups do not read these columns.
WITH "ranked" AS (
  SELECT "id",
         ROW_NUMBER() OVER (PARTITION BY "shopId", "customerId" ORDER BY "processedAt", "id") AS "n",
         LAG("processedAt") OVER (PARTITION BY "shopId", "customerId" ORDER BY "processedAt", "id") AS "previous"
  FROM "OrderSummary"
  WHERE "customerId" IS NOT NULL AND "cancelledAt" IS NULL AND "isTest" = false
)
-- One pass: the window is computed once and joined by id (a subquery per row would compute it per row).
UPDATE "OrderSummary" SET "secondOrder" = true, "firstOrderAt" = "ranked"."previous"
FROM "ranked" WHERE "OrderSummary"."id" = "ranked"."id" AND "ranked"."n" = 2;

-- Counting customers with one order at a day, and those of them who ordered again in a range:
-- first and second orders by day (partial: no other query can be planned onto them).
CREATE INDEX "OrderSummary_first_orders_idx" ON "OrderSummary"("shopId", "processedAt") WHERE "firstOrder" = true;
CREATE INDEX "OrderSummary_second_orders_idx" ON "OrderSummary"("shopId", "processedAt", "firstOrderAt") WHERE "secondOrder" = true;

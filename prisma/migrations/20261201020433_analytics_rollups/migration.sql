-- CreateTable
CREATE TABLE "RollupPoints" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "credit" INTEGER NOT NULL DEFAULT 0,
    "debit" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "day", "kind"),
    CONSTRAINT "RollupPoints_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollupMembers" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "enrolled" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "day"),
    CONSTRAINT "RollupMembers_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollupOrders" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "member" BOOLEAN NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" INTEGER NOT NULL DEFAULT 0,
    "rewardOrders" INTEGER NOT NULL DEFAULT 0,
    "rewardRevenueMinor" INTEGER NOT NULL DEFAULT 0,
    "returningOrders" INTEGER NOT NULL DEFAULT 0,
    "firstOrders" INTEGER NOT NULL DEFAULT 0,
    "retainedOrders" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "day", "member"),
    CONSTRAINT "RollupOrders_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollupLastOrders" (
    "shopId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "band" TEXT NOT NULL,
    "members" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "day", "band"),
    CONSTRAINT "RollupLastOrders_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderSummary" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT,
    "customerId" TEXT,
    "memberId" TEXT,
    "currencyCode" TEXT NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "subtotalMinor" INTEGER NOT NULL,
    "discountMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "eligibleMinor" INTEGER NOT NULL DEFAULT 0,
    "discountCodes" TEXT NOT NULL DEFAULT '[]',
    "redemptionId" TEXT,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "earningFacts" TEXT NOT NULL,
    "multiplierPercents" TEXT,
    "earningRules" TEXT,
    "suspect" BOOLEAN NOT NULL DEFAULT false,
    "processedAt" DATETIME NOT NULL,
    "paidAt" DATETIME,
    "fulfilledAt" DATETIME,
    "cancelledAt" DATETIME,
    "firstOrder" BOOLEAN NOT NULL DEFAULT false,
    "retained" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrderSummary_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderSummary" ("cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "discountMinor", "earningFacts", "earningRules", "eligibleMinor", "fulfilledAt", "id", "isTest", "memberId", "multiplierPercents", "name", "orderId", "paidAt", "processedAt", "redemptionId", "refundedMinor", "shopId", "subtotalMinor", "suspect", "totalMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "discountMinor", "earningFacts", "earningRules", "eligibleMinor", "fulfilledAt", "id", "isTest", "memberId", "multiplierPercents", "name", "orderId", "paidAt", "processedAt", "redemptionId", "refundedMinor", "shopId", "subtotalMinor", "suspect", "totalMinor", "updatedAt" FROM "OrderSummary";
DROP TABLE "OrderSummary";
ALTER TABLE "new_OrderSummary" RENAME TO "OrderSummary";
CREATE INDEX "OrderSummary_shopId_processedAt_cancelledAt_isTest_customerId_memberId_totalMinor_refundedMinor_redemptionId_idx" ON "OrderSummary"("shopId", "processedAt", "cancelledAt", "isTest", "customerId", "memberId", "totalMinor", "refundedMinor", "redemptionId");
CREATE INDEX "OrderSummary_shopId_customerId_processedAt_idx" ON "OrderSummary"("shopId", "customerId", "processedAt");
CREATE INDEX "OrderSummary_memberId_processedAt_idx" ON "OrderSummary"("memberId", "processedAt");
CREATE UNIQUE INDEX "OrderSummary_shopId_orderId_key" ON "OrderSummary"("shopId", "orderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- The rollups kept in step with the rows they sum, in the same transaction (no DELETE triggers:
-- entries, members and orders are only deleted with their shop, and the rollups with it).
-- A migration that redefines one of these tables drops its triggers: tests/rollups.test.ts checks
-- they are all there.
CREATE TRIGGER "LedgerEntry_rollup" AFTER INSERT ON "LedgerEntry" BEGIN
  INSERT INTO "RollupPoints" ("shopId", "day", "kind", "credit", "debit")
    VALUES (NEW."shopId", substr(NEW."createdAt", 1, 10), NEW."kind", max(NEW."amount", 0), max(-NEW."amount", 0))
    ON CONFLICT ("shopId", "day", "kind") DO UPDATE SET "credit" = "credit" + excluded."credit", "debit" = "debit" + excluded."debit";
END;

CREATE TRIGGER "Member_rollup_insert" AFTER INSERT ON "Member" BEGIN
  INSERT INTO "RollupMembers" ("shopId", "day", "enrolled") VALUES (NEW."shopId", substr(NEW."enrolledAt", 1, 10), 1)
    ON CONFLICT ("shopId", "day") DO UPDATE SET "enrolled" = "enrolled" + excluded."enrolled";
  INSERT INTO "RollupLastOrders" ("shopId", "day", "band", "members") VALUES (NEW."shopId", coalesce(substr(NEW."lastOrderAt", 1, 10), ''), CASE WHEN NEW."orderCount" = 0 THEN '0' WHEN NEW."orderCount" = 1 THEN '1' WHEN NEW."orderCount" = 2 THEN '2' WHEN NEW."orderCount" <= 4 THEN '3-4' ELSE '5+' END, 1)
    ON CONFLICT ("shopId", "day", "band") DO UPDATE SET "members" = "members" + excluded."members";
END;

CREATE TRIGGER "Member_rollup_enrolled" AFTER UPDATE OF "enrolledAt" ON "Member"
WHEN substr(OLD."enrolledAt", 1, 10) IS NOT substr(NEW."enrolledAt", 1, 10) BEGIN
  INSERT INTO "RollupMembers" ("shopId", "day", "enrolled") VALUES (OLD."shopId", substr(OLD."enrolledAt", 1, 10), -1)
    ON CONFLICT ("shopId", "day") DO UPDATE SET "enrolled" = "enrolled" + excluded."enrolled";
  INSERT INTO "RollupMembers" ("shopId", "day", "enrolled") VALUES (NEW."shopId", substr(NEW."enrolledAt", 1, 10), 1)
    ON CONFLICT ("shopId", "day") DO UPDATE SET "enrolled" = "enrolled" + excluded."enrolled";
END;

CREATE TRIGGER "Member_rollup_orders" AFTER UPDATE OF "orderCount", "lastOrderAt" ON "Member"
WHEN substr(OLD."lastOrderAt", 1, 10) IS NOT substr(NEW."lastOrderAt", 1, 10) OR (CASE WHEN OLD."orderCount" = 0 THEN '0' WHEN OLD."orderCount" = 1 THEN '1' WHEN OLD."orderCount" = 2 THEN '2' WHEN OLD."orderCount" <= 4 THEN '3-4' ELSE '5+' END) IS NOT (CASE WHEN NEW."orderCount" = 0 THEN '0' WHEN NEW."orderCount" = 1 THEN '1' WHEN NEW."orderCount" = 2 THEN '2' WHEN NEW."orderCount" <= 4 THEN '3-4' ELSE '5+' END) BEGIN
  INSERT INTO "RollupLastOrders" ("shopId", "day", "band", "members") VALUES (OLD."shopId", coalesce(substr(OLD."lastOrderAt", 1, 10), ''), CASE WHEN OLD."orderCount" = 0 THEN '0' WHEN OLD."orderCount" = 1 THEN '1' WHEN OLD."orderCount" = 2 THEN '2' WHEN OLD."orderCount" <= 4 THEN '3-4' ELSE '5+' END, -1)
    ON CONFLICT ("shopId", "day", "band") DO UPDATE SET "members" = "members" + excluded."members";
  INSERT INTO "RollupLastOrders" ("shopId", "day", "band", "members") VALUES (NEW."shopId", coalesce(substr(NEW."lastOrderAt", 1, 10), ''), CASE WHEN NEW."orderCount" = 0 THEN '0' WHEN NEW."orderCount" = 1 THEN '1' WHEN NEW."orderCount" = 2 THEN '2' WHEN NEW."orderCount" <= 4 THEN '3-4' ELSE '5+' END, 1)
    ON CONFLICT ("shopId", "day", "band") DO UPDATE SET "members" = "members" + excluded."members";
END;

CREATE TRIGGER "OrderSummary_rollup_insert" AFTER INSERT ON "OrderSummary" BEGIN
  INSERT INTO "RollupOrders" ("shopId", "day", "member", "orders", "revenueMinor", "rewardOrders", "rewardRevenueMinor", "returningOrders", "firstOrders", "retainedOrders")
  SELECT NEW."shopId", substr(NEW."processedAt", 1, 10), NEW."memberId" IS NOT NULL, 1, (NEW."totalMinor" - NEW."refundedMinor"),
         (NEW."redemptionId" IS NOT NULL), (CASE WHEN NEW."redemptionId" IS NOT NULL THEN NEW."totalMinor" - NEW."refundedMinor" ELSE 0 END),
         (NEW."customerId" IS NOT NULL AND NOT NEW."firstOrder"), (NEW."firstOrder" = 1), (NEW."firstOrder" AND NEW."retained")
  WHERE NEW."cancelledAt" IS NULL AND NOT NEW."isTest"
  ON CONFLICT ("shopId", "day", "member") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "revenueMinor" = "revenueMinor" + excluded."revenueMinor",
    "rewardOrders" = "rewardOrders" + excluded."rewardOrders", "rewardRevenueMinor" = "rewardRevenueMinor" + excluded."rewardRevenueMinor",
    "returningOrders" = "returningOrders" + excluded."returningOrders", "firstOrders" = "firstOrders" + excluded."firstOrders",
    "retainedOrders" = "retainedOrders" + excluded."retainedOrders";
END;

CREATE TRIGGER "OrderSummary_rollup_update" AFTER UPDATE OF "processedAt", "cancelledAt", "isTest", "customerId", "memberId", "totalMinor", "refundedMinor", "redemptionId", "firstOrder", "retained" ON "OrderSummary" BEGIN
  INSERT INTO "RollupOrders" ("shopId", "day", "member", "orders", "revenueMinor", "rewardOrders", "rewardRevenueMinor", "returningOrders", "firstOrders", "retainedOrders")
  SELECT OLD."shopId", substr(OLD."processedAt", 1, 10), OLD."memberId" IS NOT NULL, -1, -(OLD."totalMinor" - OLD."refundedMinor"),
         -(OLD."redemptionId" IS NOT NULL), -(CASE WHEN OLD."redemptionId" IS NOT NULL THEN OLD."totalMinor" - OLD."refundedMinor" ELSE 0 END),
         -(OLD."customerId" IS NOT NULL AND NOT OLD."firstOrder"), -(OLD."firstOrder" = 1), -(OLD."firstOrder" AND OLD."retained")
  WHERE OLD."cancelledAt" IS NULL AND NOT OLD."isTest"
  ON CONFLICT ("shopId", "day", "member") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "revenueMinor" = "revenueMinor" + excluded."revenueMinor",
    "rewardOrders" = "rewardOrders" + excluded."rewardOrders", "rewardRevenueMinor" = "rewardRevenueMinor" + excluded."rewardRevenueMinor",
    "returningOrders" = "returningOrders" + excluded."returningOrders", "firstOrders" = "firstOrders" + excluded."firstOrders",
    "retainedOrders" = "retainedOrders" + excluded."retainedOrders";
  INSERT INTO "RollupOrders" ("shopId", "day", "member", "orders", "revenueMinor", "rewardOrders", "rewardRevenueMinor", "returningOrders", "firstOrders", "retainedOrders")
  SELECT NEW."shopId", substr(NEW."processedAt", 1, 10), NEW."memberId" IS NOT NULL, 1, (NEW."totalMinor" - NEW."refundedMinor"),
         (NEW."redemptionId" IS NOT NULL), (CASE WHEN NEW."redemptionId" IS NOT NULL THEN NEW."totalMinor" - NEW."refundedMinor" ELSE 0 END),
         (NEW."customerId" IS NOT NULL AND NOT NEW."firstOrder"), (NEW."firstOrder" = 1), (NEW."firstOrder" AND NEW."retained")
  WHERE NEW."cancelledAt" IS NULL AND NOT NEW."isTest"
  ON CONFLICT ("shopId", "day", "member") DO UPDATE SET
    "orders" = "orders" + excluded."orders", "revenueMinor" = "revenueMinor" + excluded."revenueMinor",
    "rewardOrders" = "rewardOrders" + excluded."rewardOrders", "rewardRevenueMinor" = "rewardRevenueMinor" + excluded."rewardRevenueMinor",
    "returningOrders" = "returningOrders" + excluded."returningOrders", "firstOrders" = "firstOrders" + excluded."firstOrders",
    "retainedOrders" = "retainedOrders" + excluded."retainedOrders";
END;

-- The rollups of what is already there (the same as `npm run rollups:rebuild`, for every shop).
WITH ranked AS (
  SELECT "id", "processedAt", ROW_NUMBER() OVER w AS n, LEAD("processedAt") OVER w AS next
  FROM "OrderSummary" WHERE "customerId" IS NOT NULL AND "cancelledAt" IS NULL AND NOT "isTest"
  WINDOW w AS (PARTITION BY "shopId", "customerId" ORDER BY "processedAt", "id")
)
UPDATE "OrderSummary" SET "firstOrder" = r.n = 1,
  "retained" = coalesce(r.next > r."processedAt" AND r.next <= strftime('%Y-%m-%dT%H:%M:%f+00:00', r."processedAt", '+90 days'), 0)
FROM ranked r WHERE "OrderSummary"."id" = r."id" AND r.n = 1;

DELETE FROM "RollupOrders";

INSERT INTO "RollupPoints" ("shopId", "day", "kind", "credit", "debit")
SELECT "shopId", substr("createdAt", 1, 10), "kind", SUM(max("amount", 0)), SUM(max(-"amount", 0)) FROM "LedgerEntry" GROUP BY 1, 2, 3;

INSERT INTO "RollupMembers" ("shopId", "day", "enrolled")
SELECT "shopId", substr("enrolledAt", 1, 10), COUNT(*) FROM "Member" GROUP BY 1, 2;

INSERT INTO "RollupLastOrders" ("shopId", "day", "band", "members")
SELECT "shopId", coalesce(substr("lastOrderAt", 1, 10), ''),
       CASE WHEN "orderCount" = 0 THEN '0' WHEN "orderCount" = 1 THEN '1' WHEN "orderCount" = 2 THEN '2' WHEN "orderCount" <= 4 THEN '3-4' ELSE '5+' END, COUNT(*)
FROM "Member" GROUP BY 1, 2, 3;

INSERT INTO "RollupOrders" ("shopId", "day", "member", "orders", "revenueMinor", "rewardOrders", "rewardRevenueMinor", "returningOrders", "firstOrders", "retainedOrders")
SELECT "shopId", substr("processedAt", 1, 10), "memberId" IS NOT NULL, COUNT(*), SUM("totalMinor" - "refundedMinor"),
       SUM("redemptionId" IS NOT NULL), SUM(CASE WHEN "redemptionId" IS NOT NULL THEN "totalMinor" - "refundedMinor" ELSE 0 END),
       SUM("customerId" IS NOT NULL AND NOT "firstOrder"), SUM("firstOrder"), SUM("firstOrder" AND "retained")
FROM "OrderSummary" WHERE "cancelledAt" IS NULL AND NOT "isTest" GROUP BY 1, 2, 3;

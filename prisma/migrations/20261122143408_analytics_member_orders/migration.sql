-- Written by hand: Prisma's diff rebuilt the whole Member table to add two columns.

-- Each member's order count and last order, kept with lifetime spend (app/loyalty/orders.server.ts).
ALTER TABLE "Member" ADD COLUMN "orderCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Member" ADD COLUMN "lastOrderAt" DATETIME;
UPDATE "Member" SET
  "orderCount" = (SELECT COUNT(*) FROM "OrderSummary" o WHERE o."memberId" = "Member"."id" AND o."paidAt" IS NOT NULL AND o."cancelledAt" IS NULL AND o."isTest" = 0),
  "lastOrderAt" = (SELECT MAX(o."processedAt") FROM "OrderSummary" o WHERE o."memberId" = "Member"."id" AND o."paidAt" IS NOT NULL AND o."cancelledAt" IS NULL AND o."isTest" = 0);
CREATE INDEX "Member_shopId_orderCount_lastOrderAt_idx" ON "Member"("shopId", "orderCount", "lastOrderAt");

-- The analytics read a date range of entries from the index alone.
DROP INDEX "LedgerEntry_shopId_createdAt_idx";
CREATE INDEX "LedgerEntry_shopId_createdAt_kind_amount_idx" ON "LedgerEntry"("shopId", "createdAt", "kind", "amount");

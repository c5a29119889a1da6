-- CreateTable
CREATE TABLE "RollupOrderTimes" (
    "shopId" TEXT NOT NULL,
    "quarter" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "quarter"),
    CONSTRAINT "RollupOrderTimes_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AudienceSnapshot" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "computedAt" DATETIME,
    "requestedAt" DATETIME,
    "cells" TEXT NOT NULL DEFAULT '[]',
    "regionCells" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "AudienceSnapshot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- Counted member orders by UTC quarter hour, kept whatever writes the order (as 025's rollups).
CREATE TRIGGER "OrderSummary_times_insert" AFTER INSERT ON "OrderSummary"
WHEN NEW."cancelledAt" IS NULL AND NOT NEW."isTest" AND NEW."memberId" IS NOT NULL BEGIN
  INSERT INTO "RollupOrderTimes" ("shopId", "quarter", "orders", "revenueMinor")
    VALUES (NEW."shopId", unixepoch(NEW."processedAt") / 900, 1, NEW."totalMinor" - NEW."refundedMinor")
    ON CONFLICT ("shopId", "quarter") DO UPDATE SET "orders" = "orders" + excluded."orders", "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

CREATE TRIGGER "OrderSummary_times_update" AFTER UPDATE OF "shopId", "processedAt", "cancelledAt", "isTest", "memberId", "totalMinor", "refundedMinor" ON "OrderSummary" BEGIN
  INSERT INTO "RollupOrderTimes" ("shopId", "quarter", "orders", "revenueMinor")
    SELECT OLD."shopId", unixepoch(OLD."processedAt") / 900, -1, -(OLD."totalMinor" - OLD."refundedMinor")
    WHERE OLD."cancelledAt" IS NULL AND NOT OLD."isTest" AND OLD."memberId" IS NOT NULL
    ON CONFLICT ("shopId", "quarter") DO UPDATE SET "orders" = "orders" + excluded."orders", "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
  INSERT INTO "RollupOrderTimes" ("shopId", "quarter", "orders", "revenueMinor")
    SELECT NEW."shopId", unixepoch(NEW."processedAt") / 900, 1, NEW."totalMinor" - NEW."refundedMinor"
    WHERE NEW."cancelledAt" IS NULL AND NOT NEW."isTest" AND NEW."memberId" IS NOT NULL
    ON CONFLICT ("shopId", "quarter") DO UPDATE SET "orders" = "orders" + excluded."orders", "revenueMinor" = "revenueMinor" + excluded."revenueMinor";
END;

-- What is already there: one grouped pass over the orders (on their covering index).
INSERT INTO "RollupOrderTimes" ("shopId", "quarter", "orders", "revenueMinor")
SELECT "shopId", unixepoch("processedAt") / 900, count(*), sum("totalMinor" - "refundedMinor")
FROM "OrderSummary" WHERE "cancelledAt" IS NULL AND NOT "isTest" AND "memberId" IS NOT NULL
GROUP BY 1, 2;

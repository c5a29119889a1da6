-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN "requested" INTEGER;

-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "shopId" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "redactedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "customerHash"),
    CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "programEnabled" BOOLEAN NOT NULL DEFAULT false,
    "plan" TEXT,
    "shopifyPlus" BOOLEAN NOT NULL DEFAULT false,
    "customerAccountsVersion" TEXT,
    "timezone" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currencyCode", "domain", "id", "installedAt", "locale", "name", "programEnabled", "uninstalledAt", "updatedAt") SELECT "createdAt", "currencyCode", "domain", "id", "installedAt", "locale", "name", "programEnabled", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
CREATE TABLE "new_ProgramSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "earnPoints" INTEGER NOT NULL DEFAULT 1,
    "earnPerAmountMinor" INTEGER NOT NULL DEFAULT 100,
    "awardOn" TEXT NOT NULL DEFAULT 'paid',
    "subtractDiscounts" BOOLEAN NOT NULL DEFAULT true,
    "earnOnShipping" BOOLEAN NOT NULL DEFAULT false,
    "earnOnTax" BOOLEAN NOT NULL DEFAULT false,
    "earnOnGiftCards" BOOLEAN NOT NULL DEFAULT false,
    "excludedProductIds" TEXT NOT NULL DEFAULT '[]',
    "excludedCollectionIds" TEXT NOT NULL DEFAULT '[]',
    "excludedTitles" TEXT NOT NULL DEFAULT '{}',
    "collectionProductIds" TEXT NOT NULL DEFAULT '[]',
    "collectionsResolvedAt" DATETIME,
    "rewardTestOrders" BOOLEAN NOT NULL DEFAULT false,
    "maxPointsPerOrder" INTEGER NOT NULL DEFAULT 100000,
    "pendingDays" INTEGER NOT NULL DEFAULT 0,
    "expiryMode" TEXT NOT NULL DEFAULT 'none',
    "expiryMonths" INTEGER NOT NULL DEFAULT 12,
    "allowNegativeBalance" BOOLEAN NOT NULL DEFAULT true,
    "returnPointsOnRefund" BOOLEAN NOT NULL DEFAULT true,
    "signupBonus" INTEGER NOT NULL DEFAULT 0,
    "birthdayBonus" INTEGER NOT NULL DEFAULT 0,
    "referrerBonus" INTEGER NOT NULL DEFAULT 0,
    "refereeBonus" INTEGER NOT NULL DEFAULT 0,
    "enrollment" TEXT NOT NULL DEFAULT 'all',
    "widgetAccent" TEXT NOT NULL DEFAULT '#303030',
    "widgetPosition" TEXT NOT NULL DEFAULT 'right',
    "widgetJoinTextEn" TEXT NOT NULL DEFAULT '',
    "widgetJoinTextPl" TEXT NOT NULL DEFAULT '',
    "widgetJoinTextRu" TEXT NOT NULL DEFAULT '',
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProgramSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProgramSettings" ("allowNegativeBalance", "awardOn", "birthdayBonus", "collectionProductIds", "collectionsResolvedAt", "earnOnGiftCards", "earnOnShipping", "earnOnTax", "earnPerAmountMinor", "earnPoints", "enrollment", "excludedCollectionIds", "excludedProductIds", "excludedTitles", "expiryMode", "expiryMonths", "pendingDays", "refereeBonus", "referrerBonus", "returnPointsOnRefund", "rewardTestOrders", "shopId", "signupBonus", "subtractDiscounts", "tierBasis", "tierWindow", "updatedAt", "widgetAccent", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "widgetPosition") SELECT "allowNegativeBalance", "awardOn", "birthdayBonus", "collectionProductIds", "collectionsResolvedAt", "earnOnGiftCards", "earnOnShipping", "earnOnTax", "earnPerAmountMinor", "earnPoints", "enrollment", "excludedCollectionIds", "excludedProductIds", "excludedTitles", "expiryMode", "expiryMonths", "pendingDays", "refereeBonus", "referrerBonus", "returnPointsOnRefund", "rewardTestOrders", "shopId", "signupBonus", "subtractDiscounts", "tierBasis", "tierWindow", "updatedAt", "widgetAccent", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "widgetPosition" FROM "ProgramSettings";
DROP TABLE "ProgramSettings";
ALTER TABLE "new_ProgramSettings" RENAME TO "ProgramSettings";
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrderSummary_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderSummary" ("cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "discountMinor", "earningFacts", "eligibleMinor", "fulfilledAt", "id", "isTest", "memberId", "multiplierPercents", "name", "orderId", "paidAt", "processedAt", "redemptionId", "refundedMinor", "shopId", "subtotalMinor", "totalMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "discountMinor", "earningFacts", "eligibleMinor", "fulfilledAt", "id", "isTest", "memberId", "multiplierPercents", "name", "orderId", "paidAt", "processedAt", "redemptionId", "refundedMinor", "shopId", "subtotalMinor", "totalMinor", "updatedAt" FROM "OrderSummary";
DROP TABLE "OrderSummary";
ALTER TABLE "new_OrderSummary" RENAME TO "OrderSummary";
CREATE INDEX "OrderSummary_shopId_processedAt_cancelledAt_isTest_customerId_memberId_totalMinor_refundedMinor_redemptionId_idx" ON "OrderSummary"("shopId", "processedAt", "cancelledAt", "isTest", "customerId", "memberId", "totalMinor", "refundedMinor", "redemptionId");
CREATE INDEX "OrderSummary_shopId_customerId_processedAt_idx" ON "OrderSummary"("shopId", "customerId", "processedAt");
CREATE INDEX "OrderSummary_memberId_processedAt_idx" ON "OrderSummary"("memberId", "processedAt");
CREATE UNIQUE INDEX "OrderSummary_shopId_orderId_key" ON "OrderSummary"("shopId", "orderId");
CREATE TABLE "new_OrderRefund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "unallocatedMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderRefund_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderRefund" ("amountMinor", "createdAt", "id", "lines", "orderId", "refundId", "refundedAt", "shopId") SELECT "amountMinor", "createdAt", "id", "lines", "orderId", "refundId", "refundedAt", "shopId" FROM "OrderRefund";
DROP TABLE "OrderRefund";
ALTER TABLE "new_OrderRefund" RENAME TO "OrderRefund";
CREATE INDEX "OrderRefund_shopId_orderId_idx" ON "OrderRefund"("shopId", "orderId");
CREATE UNIQUE INDEX "OrderRefund_shopId_refundId_key" ON "OrderRefund"("shopId", "refundId");
CREATE TABLE "new_MemberImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL DEFAULT '',
    "actor" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "totalRows" INTEGER NOT NULL,
    "chunks" INTEGER NOT NULL,
    "nextChunk" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "balances" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "MemberImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MemberImport" ("actor", "balances", "chunks", "created", "fileName", "finishedAt", "id", "nextChunk", "processedRows", "shopId", "skipped", "startedAt", "status", "totalRows") SELECT "actor", "balances", "chunks", "created", "fileName", "finishedAt", "id", "nextChunk", "processedRows", "shopId", "skipped", "startedAt", "status", "totalRows" FROM "MemberImport";
DROP TABLE "MemberImport";
ALTER TABLE "new_MemberImport" RENAME TO "MemberImport";
CREATE INDEX "MemberImport_status_id_idx" ON "MemberImport"("status", "id");
CREATE INDEX "MemberImport_shopId_id_idx" ON "MemberImport"("shopId", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- CreateTable
CREATE TABLE "OrderRefund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "refundedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderRefund_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "memberId" TEXT,
    "requestId" TEXT,
    "report" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "PrivacyRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebhookDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopDomain" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT,
    "triggeredAt" DATETIME,
    "event" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME
);
INSERT INTO "new_WebhookDelivery" ("eventId", "id", "processedAt", "receivedAt", "shopDomain", "topic", "triggeredAt", "webhookId") SELECT "eventId", "id", "processedAt", "receivedAt", "shopDomain", "topic", "triggeredAt", "webhookId" FROM "WebhookDelivery";
DROP TABLE "WebhookDelivery";
ALTER TABLE "new_WebhookDelivery" RENAME TO "WebhookDelivery";
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE INDEX "WebhookDelivery_shopDomain_topic_idx" ON "WebhookDelivery"("shopDomain", "topic");
CREATE UNIQUE INDEX "WebhookDelivery_shopDomain_webhookId_key" ON "WebhookDelivery"("shopDomain", "webhookId");
CREATE TABLE "new_OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "doneAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxMessage_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboxMessage" ("attempts", "createdAt", "dedupeKey", "doneAt", "id", "kind", "lastError", "nextAttemptAt", "payload", "shopId") SELECT "attempts", "createdAt", "dedupeKey", "doneAt", "id", "kind", "lastError", "nextAttemptAt", "payload", "shopId" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_doneAt_nextAttemptAt_idx" ON "OutboxMessage"("doneAt", "nextAttemptAt");
CREATE UNIQUE INDEX "OutboxMessage_shopId_dedupeKey_key" ON "OutboxMessage"("shopId", "dedupeKey");
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
    "processedAt" DATETIME NOT NULL,
    "paidAt" DATETIME,
    "fulfilledAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrderSummary_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderSummary" ("cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "discountMinor", "eligibleMinor", "id", "isTest", "memberId", "name", "orderId", "processedAt", "redemptionId", "refundedMinor", "shopId", "subtotalMinor", "totalMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "currencyCode", "customerId", "discountCodes", "discountMinor", "eligibleMinor", "id", "isTest", "memberId", "name", "orderId", "processedAt", "redemptionId", "refundedMinor", "shopId", "subtotalMinor", "totalMinor", "updatedAt" FROM "OrderSummary";
DROP TABLE "OrderSummary";
ALTER TABLE "new_OrderSummary" RENAME TO "OrderSummary";
CREATE INDEX "OrderSummary_shopId_processedAt_idx" ON "OrderSummary"("shopId", "processedAt");
CREATE INDEX "OrderSummary_shopId_customerId_processedAt_idx" ON "OrderSummary"("shopId", "customerId", "processedAt");
CREATE INDEX "OrderSummary_memberId_processedAt_idx" ON "OrderSummary"("memberId", "processedAt");
CREATE UNIQUE INDEX "OrderSummary_shopId_orderId_key" ON "OrderSummary"("shopId", "orderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "OrderRefund_shopId_orderId_idx" ON "OrderRefund"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderRefund_shopId_refundId_key" ON "OrderRefund"("shopId", "refundId");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopId_receivedAt_idx" ON "PrivacyRequest"("shopId", "receivedAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_memberId_idx" ON "PrivacyRequest"("memberId");


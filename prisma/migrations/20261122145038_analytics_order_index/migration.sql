-- DropIndex
DROP INDEX "OrderSummary_shopId_processedAt_idx";

-- CreateIndex
CREATE INDEX "OrderSummary_shopId_processedAt_cancelledAt_isTest_customerId_memberId_totalMinor_refundedMinor_redemptionId_idx" ON "OrderSummary"("shopId", "processedAt", "cancelledAt", "isTest", "customerId", "memberId", "totalMinor", "refundedMinor", "redemptionId");


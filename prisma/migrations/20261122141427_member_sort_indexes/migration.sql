-- DropIndex
DROP INDEX "Member_shopId_lastName_idx";

-- DropIndex
DROP INDEX "Member_shopId_enrolledAt_idx";

-- DropIndex
DROP INDEX "Member_shopId_balance_idx";

-- DropIndex
DROP INDEX "Member_shopId_tierId_idx";

-- CreateIndex
CREATE INDEX "Member_shopId_lastName_id_idx" ON "Member"("shopId", "lastName", "id");

-- CreateIndex
CREATE INDEX "Member_shopId_enrolledAt_id_idx" ON "Member"("shopId", "enrolledAt", "id");

-- CreateIndex
CREATE INDEX "Member_shopId_balance_id_idx" ON "Member"("shopId", "balance", "id");

-- CreateIndex
CREATE INDEX "Member_shopId_tierId_balance_id_idx" ON "Member"("shopId", "tierId", "balance", "id");


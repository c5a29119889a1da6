-- CreateIndex
CREATE INDEX "Member_shopId_firstName_idx" ON "Member"("shopId", "firstName");

-- CreateIndex
CREATE INDEX "Member_shopId_lastName_idx" ON "Member"("shopId", "lastName");

-- CreateIndex
CREATE INDEX "Member_shopId_enrolledAt_idx" ON "Member"("shopId", "enrolledAt");


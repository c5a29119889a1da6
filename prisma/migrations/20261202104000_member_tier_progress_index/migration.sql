-- Program health counts the members just below each tier (issue 15, item 4).
CREATE INDEX "Member_shopId_tierProgress_idx" ON "Member"("shopId", "tierProgress");

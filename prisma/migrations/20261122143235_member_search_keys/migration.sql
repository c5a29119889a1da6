-- DropIndex
DROP INDEX "Member_shopId_email_idx";

-- DropIndex
DROP INDEX "Member_shopId_firstName_idx";

-- AlterTable
ALTER TABLE "Member" ADD COLUMN "emailKey" TEXT;
ALTER TABLE "Member" ADD COLUMN "firstNameKey" TEXT;
ALTER TABLE "Member" ADD COLUMN "lastNameKey" TEXT;

-- CreateIndex
CREATE INDEX "Member_shopId_emailKey_idx" ON "Member"("shopId", "emailKey");

-- CreateIndex
CREATE INDEX "Member_shopId_firstNameKey_idx" ON "Member"("shopId", "firstNameKey");

-- CreateIndex
CREATE INDEX "Member_shopId_lastNameKey_idx" ON "Member"("shopId", "lastNameKey");


-- Members made before the keys existed (lower() folds ASCII only; members saved again get the full fold).
UPDATE "Member" SET "emailKey" = lower("email"), "firstNameKey" = lower("firstName"), "lastNameKey" = lower("lastName");

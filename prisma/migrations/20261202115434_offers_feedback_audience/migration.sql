-- AlterTable
ALTER TABLE "Member" ADD COLUMN "countryCode" TEXT;
ALTER TABLE "Member" ADD COLUMN "provinceCode" TEXT;

-- AlterTable
ALTER TABLE "OrderSummary" ADD COLUMN "countryCode" TEXT;
ALTER TABLE "OrderSummary" ADD COLUMN "provinceCode" TEXT;

-- AlterTable
ALTER TABLE "ProgramGoal" ADD COLUMN "audience" TEXT;

-- CreateTable
CREATE TABLE "PartnerCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "redemptionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PartnerCode_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FeedbackAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "quarter" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "tierId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FeedbackAnswer_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "refereeRewardId" TEXT,
    "birthdayRewardId" TEXT,
    "feedbackEnabled" BOOLEAN NOT NULL DEFAULT true,
    "feedbackBonus" INTEGER NOT NULL DEFAULT 0,
    "enrollment" TEXT NOT NULL DEFAULT 'all',
    "widgetAccent" TEXT NOT NULL DEFAULT '#303030',
    "widgetPosition" TEXT NOT NULL DEFAULT 'right',
    "widgetJoinTextEn" TEXT NOT NULL DEFAULT '',
    "widgetJoinTextPl" TEXT NOT NULL DEFAULT '',
    "widgetJoinTextRu" TEXT NOT NULL DEFAULT '',
    "socialFollows" TEXT NOT NULL DEFAULT '{}',
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "emailReminderDays" TEXT NOT NULL DEFAULT '30,7',
    "emailDailyCap" INTEGER NOT NULL DEFAULT 1000,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProgramSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProgramSettings" ("allowNegativeBalance", "awardOn", "birthdayBonus", "collectionProductIds", "collectionsResolvedAt", "earnOnGiftCards", "earnOnShipping", "earnOnTax", "earnPerAmountMinor", "earnPoints", "emailDailyCap", "emailReminderDays", "enrollment", "excludedCollectionIds", "excludedProductIds", "excludedTitles", "expiryMode", "expiryMonths", "maxPointsPerOrder", "pendingDays", "refereeBonus", "refereeRewardId", "referrerBonus", "returnPointsOnRefund", "rewardTestOrders", "shopId", "signupBonus", "socialFollows", "subtractDiscounts", "tierBasis", "tierWindow", "updatedAt", "widgetAccent", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "widgetPosition") SELECT "allowNegativeBalance", "awardOn", "birthdayBonus", "collectionProductIds", "collectionsResolvedAt", "earnOnGiftCards", "earnOnShipping", "earnOnTax", "earnPerAmountMinor", "earnPoints", "emailDailyCap", "emailReminderDays", "enrollment", "excludedCollectionIds", "excludedProductIds", "excludedTitles", "expiryMode", "expiryMonths", "maxPointsPerOrder", "pendingDays", "refereeBonus", "refereeRewardId", "referrerBonus", "returnPointsOnRefund", "rewardTestOrders", "shopId", "signupBonus", "socialFollows", "subtractDiscounts", "tierBasis", "tierWindow", "updatedAt", "widgetAccent", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "widgetPosition" FROM "ProgramSettings";
DROP TABLE "ProgramSettings";
ALTER TABLE "new_ProgramSettings" RENAME TO "ProgramSettings";
CREATE TABLE "new_Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "pointsCost" INTEGER NOT NULL,
    "valueMinor" INTEGER,
    "percentage" INTEGER,
    "productVariantId" TEXT,
    "sliderMinPoints" INTEGER,
    "sliderMaxPoints" INTEGER,
    "minimumSubtotalMinor" INTEGER,
    "codeExpiryDays" INTEGER,
    "combinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProduct" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShipping" BOOLEAN NOT NULL DEFAULT true,
    "tierId" TEXT,
    "segment" TEXT,
    "segmentThreshold" INTEGER,
    "poolLowAt" INTEGER NOT NULL DEFAULT 10,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reward_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Reward_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Reward" ("active", "codeExpiryDays", "combinesWithOrder", "combinesWithProduct", "combinesWithShipping", "createdAt", "deletedAt", "id", "minimumSubtotalMinor", "name", "percentage", "pointsCost", "productVariantId", "segment", "segmentThreshold", "shopId", "sliderMaxPoints", "sliderMinPoints", "tierId", "type", "updatedAt", "valueMinor") SELECT "active", "codeExpiryDays", "combinesWithOrder", "combinesWithProduct", "combinesWithShipping", "createdAt", "deletedAt", "id", "minimumSubtotalMinor", "name", "percentage", "pointsCost", "productVariantId", "segment", "segmentThreshold", "shopId", "sliderMaxPoints", "sliderMinPoints", "tierId", "type", "updatedAt", "valueMinor" FROM "Reward";
DROP TABLE "Reward";
ALTER TABLE "new_Reward" RENAME TO "Reward";
CREATE INDEX "Reward_shopId_active_idx" ON "Reward"("shopId", "active");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PartnerCode_redemptionId_key" ON "PartnerCode"("redemptionId");

-- CreateIndex
CREATE INDEX "PartnerCode_rewardId_redemptionId_idx" ON "PartnerCode"("rewardId", "redemptionId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerCode_shopId_code_key" ON "PartnerCode"("shopId", "code");

-- CreateIndex
CREATE INDEX "FeedbackAnswer_shopId_createdAt_idx" ON "FeedbackAnswer"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackAnswer_memberId_quarter_key" ON "FeedbackAnswer"("memberId", "quarter");


-- Redefining ProgramSettings dropped the triggers that mark the shop's setup changed
-- (20261201141116_shop_setup_version): made again.
CREATE TRIGGER "ProgramSettings_setup_insert" AFTER INSERT ON "ProgramSettings" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = NEW."shopId";
END;

CREATE TRIGGER "ProgramSettings_setup_update" AFTER UPDATE ON "ProgramSettings" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" IN (OLD."shopId", NEW."shopId");
END;

CREATE TRIGGER "ProgramSettings_setup_delete" AFTER DELETE ON "ProgramSettings" BEGIN
  UPDATE "Shop" SET "setupVersion" = lower(hex(randomblob(8))) WHERE "id" = OLD."shopId";
END;

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
INSERT INTO "new_ProgramSettings" ("allowNegativeBalance", "awardOn", "birthdayBonus", "collectionProductIds", "collectionsResolvedAt", "earnOnGiftCards", "earnOnShipping", "earnOnTax", "earnPerAmountMinor", "earnPoints", "emailDailyCap", "emailReminderDays", "enrollment", "excludedCollectionIds", "excludedProductIds", "excludedTitles", "expiryMode", "expiryMonths", "maxPointsPerOrder", "pendingDays", "refereeBonus", "refereeRewardId", "referrerBonus", "returnPointsOnRefund", "rewardTestOrders", "shopId", "signupBonus", "subtractDiscounts", "tierBasis", "tierWindow", "updatedAt", "widgetAccent", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "widgetPosition") SELECT "allowNegativeBalance", "awardOn", "birthdayBonus", "collectionProductIds", "collectionsResolvedAt", "earnOnGiftCards", "earnOnShipping", "earnOnTax", "earnPerAmountMinor", "earnPoints", "emailDailyCap", "emailReminderDays", "enrollment", "excludedCollectionIds", "excludedProductIds", "excludedTitles", "expiryMode", "expiryMonths", "maxPointsPerOrder", "pendingDays", "refereeBonus", "refereeRewardId", "referrerBonus", "returnPointsOnRefund", "rewardTestOrders", "shopId", "signupBonus", "subtractDiscounts", "tierBasis", "tierWindow", "updatedAt", "widgetAccent", "widgetJoinTextEn", "widgetJoinTextPl", "widgetJoinTextRu", "widgetPosition" FROM "ProgramSettings";
DROP TABLE "ProgramSettings";
ALTER TABLE "new_ProgramSettings" RENAME TO "ProgramSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


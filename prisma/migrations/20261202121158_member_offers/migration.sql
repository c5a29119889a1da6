-- AlterTable
ALTER TABLE "Member" ADD COLUMN "shopifyTags" TEXT;

-- CreateTable
CREATE TABLE "MemberOffer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "percentage" INTEGER,
    "valueMinor" INTEGER,
    "minimumSubtotalMinor" INTEGER,
    "tierId" TEXT,
    "combinesWithRewards" BOOLEAN NOT NULL DEFAULT false,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "segmentId" TEXT,
    "segmentQuery" TEXT,
    "discountNodeId" TEXT,
    "lastError" TEXT,
    "endedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MemberOffer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MemberOffer_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MemberOffer_shopId_createdAt_idx" ON "MemberOffer"("shopId", "createdAt");


-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LedgerEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "balanceAfter" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "requested" INTEGER,
    "orderId" TEXT,
    "actor" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LedgerEntry_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LedgerEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Entries recorded before business time was kept happened, as far as Klub knows, when recorded.
INSERT INTO "new_LedgerEntry" ("actor", "amount", "balanceAfter", "createdAt", "id", "idempotencyKey", "kind", "memberId", "orderId", "reason", "requested", "shopId", "occurredAt") SELECT "actor", "amount", "balanceAfter", "createdAt", "id", "idempotencyKey", "kind", "memberId", "orderId", "reason", "requested", "shopId", "createdAt" FROM "LedgerEntry";
DROP TABLE "LedgerEntry";
ALTER TABLE "new_LedgerEntry" RENAME TO "LedgerEntry";
CREATE INDEX "LedgerEntry_memberId_id_idx" ON "LedgerEntry"("memberId", "id");
CREATE INDEX "LedgerEntry_shopId_occurredAt_kind_amount_idx" ON "LedgerEntry"("shopId", "occurredAt", "kind", "amount");
CREATE INDEX "LedgerEntry_shopId_orderId_idx" ON "LedgerEntry"("shopId", "orderId");
CREATE UNIQUE INDEX "LedgerEntry_shopId_idempotencyKey_key" ON "LedgerEntry"("shopId", "idempotencyKey");
CREATE TABLE "new_PointLot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "entryId" INTEGER NOT NULL,
    "orderId" TEXT,
    "amount" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "availableAt" DATETIME NOT NULL,
    "expiresAt" DATETIME,
    "earnedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PointLot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PointLot_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PointLot_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PointLot" ("amount", "availableAt", "createdAt", "entryId", "expiresAt", "id", "memberId", "orderId", "pending", "remaining", "shopId", "earnedAt") SELECT "amount", "availableAt", "createdAt", "entryId", "expiresAt", "id", "memberId", "orderId", "pending", "remaining", "shopId", "createdAt" FROM "PointLot";
DROP TABLE "PointLot";
ALTER TABLE "new_PointLot" RENAME TO "PointLot";
CREATE UNIQUE INDEX "PointLot_entryId_key" ON "PointLot"("entryId");
CREATE INDEX "PointLot_memberId_pending_remaining_idx" ON "PointLot"("memberId", "pending", "remaining");
CREATE INDEX "PointLot_shopId_pending_availableAt_idx" ON "PointLot"("shopId", "pending", "availableAt");
CREATE INDEX "PointLot_shopId_expiresAt_idx" ON "PointLot"("shopId", "expiresAt");
CREATE INDEX "PointLot_memberId_orderId_idx" ON "PointLot"("memberId", "orderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Redefining LedgerEntry dropped its rollup trigger: points are now summed by the day they were
-- earned or spent in business time. The rollups need no rebuild: every occurredAt copied above
-- equals the createdAt they were summed by.
CREATE TRIGGER "LedgerEntry_rollup" AFTER INSERT ON "LedgerEntry" BEGIN
  INSERT INTO "RollupPoints" ("shopId", "day", "kind", "credit", "debit")
    VALUES (NEW."shopId", substr(NEW."occurredAt", 1, 10), NEW."kind", max(NEW."amount", 0), max(-NEW."amount", 0))
    ON CONFLICT ("shopId", "day", "kind") DO UPDATE SET "credit" = "credit" + excluded."credit", "debit" = "debit" + excluded."debit";
END;

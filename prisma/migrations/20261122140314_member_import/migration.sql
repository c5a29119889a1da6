-- CreateTable
CREATE TABLE "MemberImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "totalRows" INTEGER NOT NULL,
    "chunks" INTEGER NOT NULL,
    "nextChunk" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "balances" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "MemberImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MemberImportChunk" (
    "importId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "rows" TEXT NOT NULL,

    PRIMARY KEY ("importId", "index"),
    CONSTRAINT "MemberImportChunk_importId_fkey" FOREIGN KEY ("importId") REFERENCES "MemberImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MemberImport_status_id_idx" ON "MemberImport"("status", "id");

-- CreateIndex
CREATE INDEX "MemberImport_shopId_id_idx" ON "MemberImport"("shopId", "id");


-- Program goals (issue 15, item 4).
CREATE TABLE "ProgramGoal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "baseline" REAL,
    "target" REAL NOT NULL,
    "since" DATETIME NOT NULL,
    "due" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgramGoal_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ProgramGoal_shopId_createdAt_idx" ON "ProgramGoal"("shopId", "createdAt");

-- CreateTable
CREATE TABLE "SeenProxySignature" (
    "signature" TEXT NOT NULL PRIMARY KEY,
    "seenAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SeenProxySignature_seenAt_idx" ON "SeenProxySignature"("seenAt");


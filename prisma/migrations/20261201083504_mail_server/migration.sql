-- CreateTable
CREATE TABLE "MailServer" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "security" TEXT NOT NULL,
    "username" TEXT,
    "passwordSealed" TEXT,
    "fromAddress" TEXT NOT NULL,
    "fromName" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MailServer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


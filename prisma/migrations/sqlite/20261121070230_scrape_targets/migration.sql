-- CreateTable
CREATE TABLE "ScrapeTarget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "intervalMs" INTEGER NOT NULL,
    "timeoutMs" INTEGER NOT NULL,
    "labels" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastScrapeAt" DATETIME,
    "lastStatus" TEXT,
    "lastError" TEXT,
    "lastDurationMs" REAL,
    "lastSamples" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ScrapeTarget_name_key" ON "ScrapeTarget"("name");

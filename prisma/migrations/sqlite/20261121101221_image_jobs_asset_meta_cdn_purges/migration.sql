-- CreateTable
CREATE TABLE "ImageJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "bytesBefore" REAL NOT NULL DEFAULT 0,
    "bytesAfter" REAL NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ImageJobItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "jobId" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "src" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "worker" TEXT,
    "claimedAt" DATETIME,
    "error" TEXT,
    "bytesBefore" INTEGER,
    "bytesAfter" INTEGER,
    "ms" REAL,
    CONSTRAINT "ImageJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ImageJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssetMeta" (
    "path" TEXT NOT NULL PRIMARY KEY,
    "tags" TEXT NOT NULL DEFAULT '',
    "critical" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CdnPurge" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "provider" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "requests" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "ids" TEXT NOT NULL,
    "error" TEXT,
    "waitedMs" REAL NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ImageJob_createdAt_idx" ON "ImageJob"("createdAt");

-- CreateIndex
CREATE INDEX "ImageJobItem_status_id_idx" ON "ImageJobItem"("status", "id");

-- CreateIndex
CREATE INDEX "ImageJobItem_jobId_idx_idx" ON "ImageJobItem"("jobId", "idx");

-- CreateIndex
CREATE INDEX "CdnPurge_at_idx" ON "CdnPurge"("at");

-- CreateTable
CREATE TABLE "CdnHealthCheck" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "target" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "status" INTEGER,
    "latencyMs" REAL,
    "error" TEXT,
    "checkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "CdnHealthCheck_target_checkedAt_idx" ON "CdnHealthCheck"("target", "checkedAt");

-- CreateIndex
CREATE INDEX "CdnHealthCheck_checkedAt_idx" ON "CdnHealthCheck"("checkedAt");

-- CreateTable
CREATE TABLE "BenchmarkRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "seconds" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "heartbeatAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "step" INTEGER NOT NULL DEFAULT 0,
    "steps" INTEGER NOT NULL DEFAULT 0,
    "stage" TEXT,
    "result" TEXT,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "BenchmarkRun_name_startedAt_idx" ON "BenchmarkRun"("name", "startedAt");

-- CreateTable
CREATE TABLE "Profile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "target" TEXT NOT NULL,
    "targetLabel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "format" TEXT,
    "status" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "intervalUs" INTEGER,
    "samples" INTEGER,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "file" TEXT,
    "top" TEXT,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ProfileMinute" (
    "target" TEXT NOT NULL,
    "minute" BIGINT NOT NULL,
    "samples" INTEGER NOT NULL,
    "valueUs" REAL NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("target", "minute")
);

-- CreateTable
CREATE TABLE "QueryRepeat" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fingerprint" TEXT NOT NULL,
    "sql" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "occurrences" INTEGER NOT NULL,
    "maxRepeats" INTEGER NOT NULL,
    "concurrent" BOOLEAN NOT NULL,
    "totalMs" REAL NOT NULL,
    "firstSeen" BIGINT NOT NULL,
    "lastSeen" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "PerformanceBudget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "thresholdMs" REAL NOT NULL,
    "alertRuleId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BenchmarkFigure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bench" TEXT NOT NULL,
    "figure" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "unit" TEXT NOT NULL,
    "better" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "gitRef" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Profile_startedAt_idx" ON "Profile"("startedAt");

-- CreateIndex
CREATE INDEX "Profile_target_startedAt_idx" ON "Profile"("target", "startedAt");

-- CreateIndex
CREATE INDEX "ProfileMinute_minute_idx" ON "ProfileMinute"("minute");

-- CreateIndex
CREATE INDEX "QueryRepeat_lastSeen_idx" ON "QueryRepeat"("lastSeen");

-- CreateIndex
CREATE UNIQUE INDEX "QueryRepeat_fingerprint_route_key" ON "QueryRepeat"("fingerprint", "route");

-- CreateIndex
CREATE UNIQUE INDEX "PerformanceBudget_kind_subject_key" ON "PerformanceBudget"("kind", "subject");

-- CreateIndex
CREATE INDEX "BenchmarkFigure_bench_figure_at_idx" ON "BenchmarkFigure"("bench", "figure", "at");

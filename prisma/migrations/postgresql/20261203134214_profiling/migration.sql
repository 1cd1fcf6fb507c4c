-- CreateTable
CREATE TABLE "Profile" (
    "id" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "targetLabel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "format" TEXT,
    "status" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "intervalUs" INTEGER,
    "samples" INTEGER,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    "file" TEXT,
    "top" TEXT,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfileMinute" (
    "target" TEXT NOT NULL,
    "minute" BIGINT NOT NULL,
    "samples" INTEGER NOT NULL,
    "valueUs" DOUBLE PRECISION NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ProfileMinute_pkey" PRIMARY KEY ("target","minute")
);

-- CreateTable
CREATE TABLE "QueryRepeat" (
    "id" SERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "sql" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "occurrences" INTEGER NOT NULL,
    "maxRepeats" INTEGER NOT NULL,
    "concurrent" BOOLEAN NOT NULL,
    "totalMs" DOUBLE PRECISION NOT NULL,
    "firstSeen" BIGINT NOT NULL,
    "lastSeen" BIGINT NOT NULL,

    CONSTRAINT "QueryRepeat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PerformanceBudget" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "thresholdMs" DOUBLE PRECISION NOT NULL,
    "alertRuleId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PerformanceBudget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BenchmarkFigure" (
    "id" SERIAL NOT NULL,
    "bench" TEXT NOT NULL,
    "figure" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT NOT NULL,
    "better" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "gitRef" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BenchmarkFigure_pkey" PRIMARY KEY ("id")
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

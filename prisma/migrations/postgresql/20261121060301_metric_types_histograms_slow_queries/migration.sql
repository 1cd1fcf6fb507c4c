-- CreateTable
CREATE TABLE "MetricSeries" (
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "createdAt" BIGINT NOT NULL,
    "lastSeenAt" BIGINT NOT NULL,

    CONSTRAINT "MetricSeries_pkey" PRIMARY KEY ("name","labels")
);

-- CreateTable
CREATE TABLE "MetricHistogram" (
    "resolution" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "bin" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "MetricHistogram_pkey" PRIMARY KEY ("resolution","name","labels","bucket","bin")
);

-- CreateTable
CREATE TABLE "SlowQuery" (
    "id" SERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "sql" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "totalMs" DOUBLE PRECISION NOT NULL,
    "maxMs" DOUBLE PRECISION NOT NULL,
    "firstSeen" BIGINT NOT NULL,
    "lastSeen" BIGINT NOT NULL,

    CONSTRAINT "SlowQuery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MetricHistogram_resolution_name_bucket_idx" ON "MetricHistogram"("resolution", "name", "bucket");

-- CreateIndex
CREATE INDEX "MetricHistogram_bucket_idx" ON "MetricHistogram"("bucket");

-- CreateIndex
CREATE INDEX "SlowQuery_lastSeen_idx" ON "SlowQuery"("lastSeen");

-- CreateIndex
CREATE UNIQUE INDEX "SlowQuery_fingerprint_route_key" ON "SlowQuery"("fingerprint", "route");

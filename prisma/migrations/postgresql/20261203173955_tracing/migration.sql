-- CreateTable
CREATE TABLE "TraceSpan" (
    "traceId" TEXT NOT NULL,
    "spanId" TEXT NOT NULL,
    "parentId" TEXT,
    "service" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "start" BIGINT NOT NULL,
    "durationUs" BIGINT NOT NULL,
    "status" INTEGER NOT NULL,
    "statusMessage" TEXT,
    "attributes" TEXT NOT NULL,
    "events" TEXT,
    "links" TEXT,
    "resourceId" TEXT NOT NULL,
    "scope" TEXT,

    CONSTRAINT "TraceSpan_pkey" PRIMARY KEY ("traceId","spanId")
);

-- CreateTable
CREATE TABLE "TraceResource" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "attributes" TEXT NOT NULL,
    "seenAt" BIGINT NOT NULL,

    CONSTRAINT "TraceResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TraceAttribute" (
    "service" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "seenAt" BIGINT NOT NULL,

    CONSTRAINT "TraceAttribute_pkey" PRIMARY KEY ("service","key","value")
);

-- CreateIndex
CREATE INDEX "TraceSpan_start_idx" ON "TraceSpan"("start");

-- CreateIndex
CREATE INDEX "TraceSpan_service_start_idx" ON "TraceSpan"("service", "start");

-- CreateIndex
CREATE INDEX "TraceSpan_service_name_start_idx" ON "TraceSpan"("service", "name", "start");

-- CreateIndex
CREATE INDEX "TraceAttribute_key_idx" ON "TraceAttribute"("key");

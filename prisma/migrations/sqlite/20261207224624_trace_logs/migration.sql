-- CreateTable
CREATE TABLE "TraceLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "time" BIGINT NOT NULL,
    "traceId" TEXT,
    "spanId" TEXT,
    "service" TEXT NOT NULL,
    "severityNumber" INTEGER NOT NULL,
    "severityText" TEXT,
    "body" TEXT NOT NULL,
    "attributes" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "TraceLog_traceId_idx" ON "TraceLog"("traceId");

-- CreateIndex
CREATE INDEX "TraceLog_time_idx" ON "TraceLog"("time");

-- CreateIndex
CREATE INDEX "TraceLog_service_time_idx" ON "TraceLog"("service", "time");

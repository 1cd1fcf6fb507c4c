-- Raw points move into chunks (one row per series and minute): the stored points are carried over.

-- CreateTable
CREATE TABLE "MetricChunk" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "offsets" TEXT NOT NULL,
    "vals" TEXT NOT NULL,

    CONSTRAINT "MetricChunk_pkey" PRIMARY KEY ("id")
);

-- CopyData
INSERT INTO "MetricChunk" ("name", "labels", "bucket", "count", "offsets", "vals")
SELECT "name", "labels", "bucket", COUNT(*),
       json_agg("ts" - "bucket" ORDER BY "id")::text, json_agg("value" ORDER BY "id")::text
FROM (SELECT "id", "name", "labels", "ts", "value", ("ts" / 60000) * 60000 AS "bucket" FROM "MetricPoint") AS p
GROUP BY "name", "labels", "bucket";

-- DropTable
DROP TABLE "MetricPoint";

-- CreateIndex
CREATE INDEX "MetricChunk_name_bucket_idx" ON "MetricChunk"("name", "bucket");

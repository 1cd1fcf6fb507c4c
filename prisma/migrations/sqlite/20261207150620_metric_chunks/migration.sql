-- Raw points move into chunks (one row per series and minute): the stored points are carried over.

-- CreateTable
CREATE TABLE "MetricChunk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "offsets" TEXT NOT NULL,
    "vals" TEXT NOT NULL
);

-- CopyData
INSERT INTO "MetricChunk" ("name", "labels", "bucket", "count", "offsets", "vals")
SELECT "name", "labels", "bucket", COUNT(*), json_group_array("ts" - "bucket"), json_group_array("value")
FROM (SELECT "name", "labels", "ts", "value", ("ts" / 60000) * 60000 AS "bucket" FROM "MetricPoint" ORDER BY "id")
GROUP BY "name", "labels", "bucket";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "MetricPoint";
PRAGMA foreign_keys=on;

-- CreateIndex
CREATE INDEX "MetricChunk_name_bucket_idx" ON "MetricChunk"("name", "bucket");

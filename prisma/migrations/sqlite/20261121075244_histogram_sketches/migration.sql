-- CreateTable
CREATE TABLE "MetricSketch" (
    "resolution" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "bucket" BIGINT NOT NULL,
    "bins" TEXT NOT NULL,

    PRIMARY KEY ("resolution", "name", "labels", "bucket")
);

-- CreateIndex
CREATE INDEX "MetricSketch_resolution_name_bucket_idx" ON "MetricSketch"("resolution", "name", "bucket");

-- CreateIndex
CREATE INDEX "MetricSketch_bucket_idx" ON "MetricSketch"("bucket");

-- Keep the recorded histograms: one sketch row per series-bucket from its bin rows.
INSERT INTO "MetricSketch" ("resolution", "name", "labels", "bucket", "bins")
SELECT "resolution", "name", "labels", "bucket", json_group_object(CAST("bin" AS TEXT), "count")
FROM "MetricHistogram" GROUP BY "resolution", "name", "labels", "bucket";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "MetricHistogram";
PRAGMA foreign_keys=on;


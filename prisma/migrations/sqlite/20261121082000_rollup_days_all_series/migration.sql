-- Rollups gain daily buckets (range totals read whole days) and pre-merged all-series rows
-- (labels '*', what charts of every series read). Backfill both from the rows already stored.
INSERT INTO "MetricRollup" ("resolution", "name", "labels", "bucket", "count", "sum", "min", "max")
SELECT 86400, "name", "labels", "bucket" - ("bucket" % 86400000), SUM("count"), SUM("sum"), MIN("min"), MAX("max")
FROM "MetricRollup" WHERE "resolution" = 3600
GROUP BY "name", "labels", "bucket" - ("bucket" % 86400000);

INSERT INTO "MetricRollup" ("resolution", "name", "labels", "bucket", "count", "sum", "min", "max")
SELECT "resolution", "name", '*', "bucket", SUM("count"), SUM("sum"), MIN("min"), MAX("max")
FROM "MetricRollup" WHERE "labels" <> '*'
GROUP BY "resolution", "name", "bucket";

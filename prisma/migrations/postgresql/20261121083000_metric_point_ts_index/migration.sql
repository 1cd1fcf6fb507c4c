-- DropIndex
DROP INDEX "MetricPoint_ts_idx";

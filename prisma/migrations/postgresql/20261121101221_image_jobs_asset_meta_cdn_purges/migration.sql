-- CreateTable
CREATE TABLE "ImageJob" (
    "id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "bytesBefore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "bytesAfter" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImageJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImageJobItem" (
    "id" SERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "src" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "worker" TEXT,
    "claimedAt" TIMESTAMP(3),
    "error" TEXT,
    "bytesBefore" INTEGER,
    "bytesAfter" INTEGER,
    "ms" DOUBLE PRECISION,

    CONSTRAINT "ImageJobItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssetMeta" (
    "path" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '',
    "critical" BOOLEAN NOT NULL DEFAULT false,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssetMeta_pkey" PRIMARY KEY ("path")
);

-- CreateTable
CREATE TABLE "CdnPurge" (
    "id" SERIAL NOT NULL,
    "provider" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "requests" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "ids" TEXT NOT NULL,
    "error" TEXT,
    "waitedMs" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CdnPurge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImageJob_createdAt_idx" ON "ImageJob"("createdAt");

-- CreateIndex
CREATE INDEX "ImageJobItem_status_id_idx" ON "ImageJobItem"("status", "id");

-- CreateIndex
CREATE INDEX "ImageJobItem_jobId_idx_idx" ON "ImageJobItem"("jobId", "idx");

-- CreateIndex
CREATE INDEX "CdnPurge_at_idx" ON "CdnPurge"("at");

-- AddForeignKey
ALTER TABLE "ImageJobItem" ADD CONSTRAINT "ImageJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ImageJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

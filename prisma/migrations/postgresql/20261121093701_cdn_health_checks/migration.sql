-- CreateTable
CREATE TABLE "CdnHealthCheck" (
    "id" SERIAL NOT NULL,
    "target" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "status" INTEGER,
    "latencyMs" DOUBLE PRECISION,
    "error" TEXT,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CdnHealthCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CdnHealthCheck_target_checkedAt_idx" ON "CdnHealthCheck"("target", "checkedAt");

-- CreateIndex
CREATE INDEX "CdnHealthCheck_checkedAt_idx" ON "CdnHealthCheck"("checkedAt");

-- CreateTable
CREATE TABLE "FleetConfig" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FleetConfig_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LbServer" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "pool" TEXT NOT NULL DEFAULT 'stable',
    "region" TEXT,
    "maxConnections" INTEGER NOT NULL DEFAULT 256,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LbServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScalingDecision" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trigger" TEXT NOT NULL,
    "by" TEXT,
    "before" INTEGER NOT NULL,
    "recommended" INTEGER NOT NULL,
    "after" INTEGER NOT NULL,
    "direction" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL DEFAULT true,
    "error" TEXT,
    "readyMs" DOUBLE PRECISION,

    CONSTRAINT "ScalingDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScalingDecision_at_idx" ON "ScalingDecision"("at");

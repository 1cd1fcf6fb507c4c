-- CreateTable
CREATE TABLE "FleetConfig" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LbServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "pool" TEXT NOT NULL DEFAULT 'stable',
    "region" TEXT,
    "maxConnections" INTEGER NOT NULL DEFAULT 256,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ScalingDecision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    "readyMs" REAL
);

-- CreateIndex
CREATE INDEX "ScalingDecision_at_idx" ON "ScalingDecision"("at");

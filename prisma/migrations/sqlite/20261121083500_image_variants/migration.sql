-- CreateTable
CREATE TABLE "ImageVariant" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "sourceHash" TEXT NOT NULL,
    "sourceBytes" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "params" TEXT NOT NULL,
    "encodeMs" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ImageVariant_source_idx" ON "ImageVariant"("source");

-- CreateIndex
CREATE INDEX "ImageVariant_createdAt_idx" ON "ImageVariant"("createdAt");

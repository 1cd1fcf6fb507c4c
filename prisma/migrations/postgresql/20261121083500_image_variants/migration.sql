-- CreateTable
CREATE TABLE "ImageVariant" (
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceHash" TEXT NOT NULL,
    "sourceBytes" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "params" TEXT NOT NULL,
    "encodeMs" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImageVariant_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ImageVariant_source_idx" ON "ImageVariant"("source");

-- CreateIndex
CREATE INDEX "ImageVariant_createdAt_idx" ON "ImageVariant"("createdAt");

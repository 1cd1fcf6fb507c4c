-- CreateTable
CREATE TABLE "ScalingForecast" (
    "forTime" TIMESTAMP(3) NOT NULL,
    "madeAt" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "lower" DOUBLE PRECISION NOT NULL,
    "upper" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ScalingForecast_pkey" PRIMARY KEY ("forTime")
);

-- CreateTable
CREATE TABLE "ScalingForecast" (
    "forTime" DATETIME NOT NULL PRIMARY KEY,
    "madeAt" DATETIME NOT NULL,
    "value" REAL NOT NULL,
    "lower" REAL NOT NULL,
    "upper" REAL NOT NULL
);

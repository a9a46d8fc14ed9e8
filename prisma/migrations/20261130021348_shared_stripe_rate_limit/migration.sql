-- CreateTable
CREATE TABLE "stripe_rate_limits" (
    "key" TEXT NOT NULL,
    "tat_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "stripe_rate_limits_pkey" PRIMARY KEY ("key")
);

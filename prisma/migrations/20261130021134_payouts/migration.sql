-- CreateEnum
CREATE TYPE "BookingPayoutStatus" AS ENUM ('HELD', 'RELEASED', 'PAID', 'FAILED', 'REVERSED');

-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('CREATING', 'PENDING', 'IN_TRANSIT', 'PAID', 'FAILED', 'CANCELED');

-- CreateTable
CREATE TABLE "booking_payouts" (
    "id" TEXT NOT NULL,
    "booking_id" TEXT NOT NULL,
    "host_id" TEXT NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "BookingPayoutStatus" NOT NULL DEFAULT 'HELD',
    "release_at" TIMESTAMPTZ(3) NOT NULL,
    "charged_at" TIMESTAMPTZ(3) NOT NULL,
    "held_at" TIMESTAMPTZ(3),
    "held_by_id" TEXT,
    "held_reason" TEXT,
    "hold_warned_at" TIMESTAMPTZ(3),
    "amount" INTEGER,
    "payout_id" TEXT,
    "released_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "booking_payouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payouts" (
    "id" TEXT NOT NULL,
    "host_id" TEXT NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "stripe_payout_id" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "recovered_amount" INTEGER NOT NULL DEFAULT 0,
    "status" "PayoutStatus" NOT NULL DEFAULT 'CREATING',
    "claimed_by" TEXT,
    "claim_expires_at" TIMESTAMPTZ(3),
    "arrival_date" TIMESTAMPTZ(3),
    "failure_code" TEXT,
    "failure_message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "booking_payouts_booking_id_key" ON "booking_payouts"("booking_id");

-- CreateIndex
CREATE INDEX "booking_payouts_status_release_at_idx" ON "booking_payouts"("status", "release_at");

-- CreateIndex
CREATE INDEX "booking_payouts_host_id_status_idx" ON "booking_payouts"("host_id", "status");

-- CreateIndex
CREATE INDEX "booking_payouts_payout_id_idx" ON "booking_payouts"("payout_id");

-- CreateIndex
CREATE UNIQUE INDEX "payouts_stripe_payout_id_key" ON "payouts"("stripe_payout_id");

-- CreateIndex
CREATE INDEX "payouts_host_id_created_at_idx" ON "payouts"("host_id", "created_at");

-- CreateIndex
CREATE INDEX "payouts_status_claim_expires_at_idx" ON "payouts"("status", "claim_expires_at");

-- CreateIndex
CREATE INDEX "payouts_created_at_idx" ON "payouts"("created_at");

-- AddForeignKey
ALTER TABLE "booking_payouts" ADD CONSTRAINT "booking_payouts_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "booking_payouts" ADD CONSTRAINT "booking_payouts_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "payouts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Money never goes negative in these rows (a debt is recovered, not paid out as a negative payout).
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_amount_positive" CHECK ("amount" > 0 AND "recovered_amount" >= 0);
ALTER TABLE "booking_payouts" ADD CONSTRAINT "booking_payouts_amount_non_negative" CHECK ("amount" IS NULL OR "amount" >= 0);

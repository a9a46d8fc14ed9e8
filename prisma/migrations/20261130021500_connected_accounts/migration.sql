-- AlterTable
ALTER TABLE "bookings" ADD COLUMN     "application_fee_amount" INTEGER,
ADD COLUMN     "application_fee_refunded_amount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "destination_account_id" TEXT,
ADD COLUMN     "stripe_application_fee_id" TEXT,
ADD COLUMN     "stripe_transfer_id" TEXT,
ADD COLUMN     "transfer_amount" INTEGER,
ADD COLUMN     "transfer_reversed_amount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "connected_accounts" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "charges_enabled" BOOLEAN NOT NULL DEFAULT false,
    "payouts_enabled" BOOLEAN NOT NULL DEFAULT false,
    "details_submitted" BOOLEAN NOT NULL DEFAULT false,
    "requirements_due" TEXT[],
    "pending_verification" TEXT[],
    "disabled_reason" TEXT,
    "current_deadline" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connected_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "connected_accounts_user_id_key" ON "connected_accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "connected_accounts_stripe_account_id_key" ON "connected_accounts"("stripe_account_id");

-- AddForeignKey
ALTER TABLE "connected_accounts" ADD CONSTRAINT "connected_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

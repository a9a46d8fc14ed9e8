-- Operator insight: the admin bookings search (every filter and sort indexed, with trigram
-- indexes for substring search on names, e-mails and titles), the dashboard's period
-- aggregates (index-only where they can be), and the Charge id of each payment attempt.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "payment_attempts" ADD COLUMN     "stripe_charge_id" TEXT;

-- CreateIndex
CREATE INDEX "bookings_starts_at_id_idx" ON "bookings"("starts_at", "id");

-- CreateIndex
CREATE INDEX "bookings_created_at_id_idx" ON "bookings"("created_at", "id");

-- CreateIndex
CREATE INDEX "bookings_paid_at_status_currency_total_amount_fee_amount_idx" ON "bookings"("paid_at", "status", "currency", "total_amount", "fee_amount");

-- CreateIndex
CREATE INDEX "bookings_total_amount_id_idx" ON "bookings"("total_amount", "id");

-- CreateIndex
CREATE INDEX "bookings_status_starts_at_id_idx" ON "bookings"("status", "starts_at", "id");

-- CreateIndex
CREATE INDEX "bookings_stripe_customer_id_idx" ON "bookings"("stripe_customer_id");

-- CreateIndex
CREATE INDEX "bookings_payment_method_id_idx" ON "bookings"("payment_method_id");

-- CreateIndex
CREATE INDEX "cron_runs_started_at_status_idx" ON "cron_runs"("started_at", "status");

-- CreateIndex
CREATE INDEX "listings_title_trgm_idx" ON "listings" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "outbox_emails_status_created_at_idx" ON "outbox_emails"("status", "created_at");

-- CreateIndex
CREATE INDEX "payment_attempts_started_at_kind_outcome_idx" ON "payment_attempts"("started_at", "kind", "outcome");

-- CreateIndex
CREATE INDEX "payment_attempts_stripe_payment_intent_id_idx" ON "payment_attempts"("stripe_payment_intent_id");

-- CreateIndex
CREATE INDEX "payment_attempts_stripe_charge_id_idx" ON "payment_attempts"("stripe_charge_id");

-- CreateIndex
CREATE INDEX "payment_attempts_payment_method_id_idx" ON "payment_attempts"("payment_method_id");

-- CreateIndex
CREATE INDEX "refunds_created_at_idx" ON "refunds"("created_at");

-- CreateIndex
CREATE INDEX "users_email_trgm_idx" ON "users" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "users_name_trgm_idx" ON "users" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "webhook_events_received_at_status_idx" ON "webhook_events"("received_at", "status");

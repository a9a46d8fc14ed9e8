-- Operator insight: the admin bookings search (every filter and sort indexed), the
-- dashboard's period queries, and the Charge id of each payment attempt.

-- AlterTable
ALTER TABLE "payment_attempts" ADD COLUMN     "stripe_charge_id" TEXT;

-- CreateIndex
CREATE INDEX "bookings_starts_at_id_idx" ON "bookings"("starts_at", "id");

-- CreateIndex
CREATE INDEX "bookings_created_at_id_idx" ON "bookings"("created_at", "id");

-- CreateIndex
CREATE INDEX "bookings_paid_at_idx" ON "bookings"("paid_at");

-- CreateIndex
CREATE INDEX "bookings_total_amount_id_idx" ON "bookings"("total_amount", "id");

-- CreateIndex
CREATE INDEX "bookings_status_starts_at_id_idx" ON "bookings"("status", "starts_at", "id");

-- CreateIndex
CREATE INDEX "bookings_stripe_customer_id_idx" ON "bookings"("stripe_customer_id");

-- CreateIndex
CREATE INDEX "bookings_payment_method_id_idx" ON "bookings"("payment_method_id");

-- CreateIndex
CREATE INDEX "cron_runs_started_at_idx" ON "cron_runs"("started_at");

-- CreateIndex
CREATE INDEX "outbox_emails_status_created_at_idx" ON "outbox_emails"("status", "created_at");

-- CreateIndex
CREATE INDEX "payment_attempts_started_at_idx" ON "payment_attempts"("started_at");

-- CreateIndex
CREATE INDEX "payment_attempts_stripe_payment_intent_id_idx" ON "payment_attempts"("stripe_payment_intent_id");

-- CreateIndex
CREATE INDEX "payment_attempts_stripe_charge_id_idx" ON "payment_attempts"("stripe_charge_id");

-- CreateIndex
CREATE INDEX "payment_attempts_payment_method_id_idx" ON "payment_attempts"("payment_method_id");

-- CreateIndex
CREATE INDEX "refunds_created_at_idx" ON "refunds"("created_at");

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at");

-- The operators' search: substring (ILIKE '%…%') matches on names, e-mails and listing
-- titles, served by trigram indexes (not expressible in schema.prisma).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);
CREATE INDEX "users_name_trgm_idx" ON "users" USING gin ("name" gin_trgm_ops);
CREATE INDEX "listings_title_trgm_idx" ON "listings" USING gin ("title" gin_trgm_ops);

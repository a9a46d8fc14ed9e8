-- The operators' pages at scale: the dashboard's period figures read from indexes alone (the
-- bookings per status of a period; the paid bookings with their ids; the failed charges with
-- their bookings and codes, and the pay-now payments), and the trigram indexes of the bookings
-- search kept in their searchable form.

-- DropIndex
DROP INDEX "bookings_paid_at_status_currency_total_amount_fee_amount_idx";

-- CreateIndex
CREATE INDEX "bookings_status_created_at_idx" ON "bookings"("status", "created_at");

-- CreateIndex
CREATE INDEX "bookings_paid_at_status_currency_total_amount_fee_amount_id_idx" ON "bookings"("paid_at", "status", "currency", "total_amount", "fee_amount", "id");

-- CreateIndex
CREATE INDEX "payment_attempts_outcome_kind_started_at_booking_id_decline_idx" ON "payment_attempts"("outcome", "kind", "started_at", "booking_id", "decline_code", "error_code");

-- Index options outside Prisma's schema language -----------------------------------------
-- A GIN index keeps new rows in a pending list, read row by row by every search until a
-- vacuum merges it (and the planner, costing that list, scans the whole table instead): after
-- many sign-ups a search by part of an e-mail or name went through all users. Without the
-- list each insert updates the index itself: slower by a little, and users and listings are
-- written rarely. The list already there is merged now.
ALTER INDEX "users_email_trgm_idx" SET (fastupdate = off);
ALTER INDEX "users_name_trgm_idx" SET (fastupdate = off);
ALTER INDEX "listings_title_trgm_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('users_email_trgm_idx'),
       gin_clean_pending_list('users_name_trgm_idx'),
       gin_clean_pending_list('listings_title_trgm_idx');

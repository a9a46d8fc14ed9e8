-- AlterEnum
ALTER TYPE "CronRunStatus" ADD VALUE 'ABORTED';

-- AlterTable
ALTER TABLE "cron_runs" ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "checked_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "saved_cards" ADD COLUMN     "detach_pending_since" TIMESTAMPTZ(3),
ADD COLUMN     "detach_tried_at" TIMESTAMPTZ(3),
ADD COLUMN     "detached_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "cron_runs_status_heartbeat_at_idx" ON "cron_runs"("status", "heartbeat_at");

-- CreateIndex
CREATE INDEX "refunds_status_created_at_idx" ON "refunds"("status", "created_at");

-- CreateIndex
CREATE INDEX "saved_cards_detach_pending_since_idx" ON "saved_cards"("detach_pending_since");

-- AlterEnum
ALTER TYPE "CronRunStatus" ADD VALUE 'ABORTED';

-- AlterTable
ALTER TABLE "cron_runs" ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "checked_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "card_detaches" (
    "payment_method_id" TEXT NOT NULL,
    "user_id" TEXT,
    "reason" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "tried_at" TIMESTAMPTZ(3),
    "tries" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "detached_at" TIMESTAMPTZ(3),

    CONSTRAINT "card_detaches_pkey" PRIMARY KEY ("payment_method_id")
);

-- CreateIndex
CREATE INDEX "card_detaches_detached_at_tried_at_idx" ON "card_detaches"("detached_at", "tried_at");

-- CreateIndex
CREATE INDEX "cron_runs_status_heartbeat_at_idx" ON "cron_runs"("status", "heartbeat_at");

-- CreateIndex
CREATE INDEX "refunds_status_created_at_idx" ON "refunds"("status", "created_at");

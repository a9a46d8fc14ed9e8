-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "note" TEXT;

-- AlterTable
ALTER TABLE "listings" ADD COLUMN     "taken_down_at" TIMESTAMPTZ(3);

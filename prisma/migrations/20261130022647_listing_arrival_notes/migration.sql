-- AlterTable
ALTER TABLE "listings" ADD COLUMN     "arrival_notes" TEXT;

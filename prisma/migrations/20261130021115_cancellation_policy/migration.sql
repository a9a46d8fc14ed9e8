-- CreateEnum
CREATE TYPE "CancellationPolicy" AS ENUM ('FLEXIBLE', 'MODERATE', 'STRICT');

-- AlterEnum
ALTER TYPE "BookingStatus" ADD VALUE 'CANCELLED_PAID';

-- AlterTable
ALTER TABLE "bookings" ADD COLUMN     "cancellation_policy" "CancellationPolicy";

-- AlterTable
ALTER TABLE "listings" ADD COLUMN     "cancellation_policy" "CancellationPolicy";

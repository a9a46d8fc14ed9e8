-- CreateEnum
CREATE TYPE "ThrottleKind" AS ENUM ('SIGN_IN_ACCOUNT', 'SIGN_IN_ADDRESS', 'SIGN_UP_ADDRESS', 'SIGN_UP_EMAIL');

-- CreateTable
CREATE TABLE "auth_throttles" (
    "id" TEXT NOT NULL,
    "kind" "ThrottleKind" NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3),
    "lock_count" INTEGER NOT NULL DEFAULT 0,
    "last_attempt_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auth_throttles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pending_sign_ups" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "callback_path" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_sign_ups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "auth_throttles_locked_until_idx" ON "auth_throttles"("locked_until");

-- CreateIndex
CREATE UNIQUE INDEX "auth_throttles_kind_key_key" ON "auth_throttles"("kind", "key");

-- CreateIndex
CREATE UNIQUE INDEX "pending_sign_ups_token_hash_key" ON "pending_sign_ups"("token_hash");

-- CreateIndex
CREATE INDEX "pending_sign_ups_email_idx" ON "pending_sign_ups"("email");

-- Counters never go below zero.
ALTER TABLE "auth_throttles" ADD CONSTRAINT "auth_throttles_counts_check" CHECK ("count" >= 0 AND "lock_count" >= 0);

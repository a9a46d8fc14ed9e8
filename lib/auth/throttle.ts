/**
 * Auth throttles kept in PostgreSQL (`auth_throttles`), so every app instance counts into
 * the same rows. The policy is lib/auth/throttle-policy.ts; here each attempt reads its
 * counters with `SELECT … FOR UPDATE` inside one transaction, decides, and writes them
 * back, so concurrent attempts are counted one after the other.
 *
 * Times are real time (not the test clock): a lock is a security measure measured in real
 * minutes, and moving the booking clock must not lift it. Every function takes `now` so
 * tests can pass their own.
 */
import type { Db } from "@/lib/db";
import { DomainError, NotAllowed, NotFound } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ThrottleKind } from "@/lib/generated/prisma/enums";
import { getEnv, type Env } from "@/lib/env";
import type { Actor } from "./actor";
import { attempt, MAX_LOCK_MS, refund, tooManyAttemptsMessage, type ThrottleRule, type ThrottleState } from "./throttle-policy";

export interface ThrottleKey {
  kind: ThrottleKind;
  key: string;
}

export type ThrottleRules = Record<ThrottleKind, ThrottleRule>;

/** A clock reading and rules other than the environment's (tests). */
export interface ThrottleOptions {
  now?: Date;
  rules?: ThrottleRules;
}

/** Refused by a throttle; the message says how long to wait. */
export class TooManyAttempts extends DomainError {
  readonly code = "too_many_attempts";
  readonly httpStatus = 429;
  constructor(readonly retryAfterMs: number) {
    super(tooManyAttemptsMessage(retryAfterMs));
  }
}

const MIN = 60_000;
/** Calendar feed requests from one client address per 15 minutes. */
export const CALENDAR_FEED_PER_WINDOW = 60;
/**
 * A burst of attempts on one counter queues on its row lock and on the connection pool;
 * the transactions are short, so waiting longer than Prisma's defaults beats failing.
 */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;

export function throttleRules(env: Pick<Env, keyof Env & `SIGN_${string}`> = getEnv()): ThrottleRules {
  const signInWindow = env.SIGN_IN_WINDOW_MINUTES * MIN;
  const signInLock = env.SIGN_IN_LOCK_MINUTES * MIN;
  const signUpWindow = env.SIGN_UP_WINDOW_MINUTES * MIN;
  // Sign-ups: a plain limit per window; reaching it refuses sign-ups for one window (never growing).
  const signUp = (limit: number): ThrottleRule => ({ limit, windowMs: signUpWindow, lockMs: signUpWindow, maxLockMs: signUpWindow });
  return {
    SIGN_IN_ACCOUNT: { limit: env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT, windowMs: signInWindow, lockMs: signInLock, maxLockMs: MAX_LOCK_MS },
    SIGN_IN_ADDRESS: { limit: env.SIGN_IN_MAX_FAILURES_PER_ADDRESS, windowMs: signInWindow, lockMs: signInLock, maxLockMs: MAX_LOCK_MS },
    SIGN_UP_ADDRESS: signUp(env.SIGN_UP_MAX_PER_ADDRESS),
    SIGN_UP_EMAIL: signUp(env.SIGN_UP_MAX_PER_EMAIL),
    // Hosts' calendar apps poll their feed every few minutes at most; a client asking far
    // more often (or guessing tokens) waits out a window.
    CALENDAR_FEED_ADDRESS: { limit: CALENDAR_FEED_PER_WINDOW, windowMs: 15 * MIN, lockMs: 15 * MIN, maxLockMs: 15 * MIN },
  };
}

interface Row {
  id: string;
  kind: ThrottleKind;
  key: string;
  count: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  lockCount: number;
}

const stateOf = (row: Row): ThrottleState => ({
  count: row.count,
  windowStartedAt: row.windowStartedAt,
  lockedUntil: row.lockedUntil,
  lockCount: row.lockCount,
});

/** The rows of `keys`, created when missing, locked for this transaction (in one order, so no deadlock). */
async function lockRows(tx: Db, keys: readonly ThrottleKey[], now: Date): Promise<Row[]> {
  const sorted = [...keys].sort((a, b) => (a.kind + "\u0000" + a.key).localeCompare(b.kind + "\u0000" + b.key));
  const rows: Row[] = [];
  for (const { kind, key } of sorted) {
    await tx.$executeRaw`
      INSERT INTO auth_throttles (id, kind, key, count, window_started_at, lock_count, last_attempt_at)
      VALUES (gen_random_uuid()::text, ${kind}::"ThrottleKind", ${key}, 0, ${now}, 0, ${now})
      ON CONFLICT (kind, key) DO NOTHING`;
    const found = await tx.$queryRaw<Row[]>`
      SELECT id, kind::text AS kind, key, count, window_started_at AS "windowStartedAt",
             locked_until AS "lockedUntil", lock_count AS "lockCount"
      FROM auth_throttles WHERE kind = ${kind}::"ThrottleKind" AND key = ${key}
      FOR UPDATE`;
    const row = found[0];
    if (!row) throw new Error(`auth_throttles: row ${kind}/${key} vanished`);
    rows.push(row);
  }
  return rows;
}

async function write(tx: Db, id: string, state: ThrottleState, now: Date): Promise<void> {
  await tx.authThrottle.update({
    where: { id },
    data: {
      count: state.count,
      windowStartedAt: state.windowStartedAt,
      lockedUntil: state.lockedUntil,
      lockCount: state.lockCount,
      lastAttemptAt: now,
    },
  });
}

export type AttemptResult =
  | { allowed: true; lockedNow: ThrottleKind[] }
  | { allowed: false; retryAfterMs: number };

/**
 * One attempt against every counter in `keys`, all or nothing: refused when any of them is
 * locked (nothing is counted then), else counted in each. `lockedNow` names the counters
 * this attempt locked.
 */
export async function recordAttempt(
  db: PrismaClient,
  keys: readonly ThrottleKey[],
  options: ThrottleOptions = {},
): Promise<AttemptResult> {
  const now = options.now ?? new Date();
  const rules = options.rules ?? throttleRules();
  return db.$transaction(async (tx) => {
    const rows = await lockRows(tx, keys, now);
    const decisions = rows.map((row) => ({ row, decision: attempt(stateOf(row), now, rules[row.kind]) }));
    const refused = decisions.filter((d) => !d.decision.allowed);
    if (refused.length > 0) {
      return { allowed: false, retryAfterMs: Math.max(...refused.map((d) => d.decision.retryAfterMs)) };
    }
    for (const { row, decision } of decisions) await write(tx, row.id, decision.next, now);
    return { allowed: true, lockedNow: decisions.filter((d) => d.decision.lockedNow).map((d) => d.row.kind) };
  }, TRANSACTION_OPTIONS);
}

/** Gives back an attempt that succeeded (a lock it caused stays). */
export async function refundAttempt(db: PrismaClient, key: ThrottleKey, now: Date = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const [row] = await lockRows(tx, [key], now);
    if (row) await write(tx, row.id, refund(stateOf(row)), now);
  }, TRANSACTION_OPTIONS);
}

/** Forgets a counter entirely (an account's after a successful sign-in). */
export async function clearThrottle(db: Db, key: ThrottleKey): Promise<void> {
  await db.authThrottle.deleteMany({ where: { kind: key.kind, key: key.key } });
}

/** How long `key` stays locked from `now`; 0 when it is not locked. */
export async function lockedFor(db: Db, key: ThrottleKey, now: Date = new Date()): Promise<number> {
  const row = await db.authThrottle.findUnique({ where: { kind_key: { kind: key.kind, key: key.key } }, select: { lockedUntil: true } });
  return row?.lockedUntil ? Math.max(0, row.lockedUntil.getTime() - now.getTime()) : 0;
}

function requireOperator(actor: Actor) {
  if (actor.role !== "OPERATOR") throw new NotAllowed("Only operators can see and lift sign-in locks.");
}

/** For operators: the counters locked now, then sign-in counters with failures in their window. */
export async function listThrottles(db: Db, actor: Actor, now: Date = new Date()) {
  requireOperator(actor);
  const rows = await db.authThrottle.findMany({
    where: {
      OR: [
        { lockedUntil: { gt: now } },
        {
          kind: { in: ["SIGN_IN_ACCOUNT", "SIGN_IN_ADDRESS"] },
          count: { gt: 0 },
          windowStartedAt: { gt: new Date(now.getTime() - throttleRules().SIGN_IN_ACCOUNT.windowMs) },
        },
      ],
    },
    orderBy: [{ lockedUntil: { sort: "desc", nulls: "last" } }, { lastAttemptAt: "desc" }],
    take: 200,
  });
  return rows.map((row) => ({ ...row, locked: Boolean(row.lockedUntil && row.lockedUntil > now) }));
}

/** For operators: lifts a lock and forgets the counter (its streak too). */
export async function liftThrottle(db: Db, actor: Actor, id: string) {
  requireOperator(actor);
  const { count } = await db.authThrottle.deleteMany({ where: { id } });
  if (count === 0) throw new NotFound("That lock");
}

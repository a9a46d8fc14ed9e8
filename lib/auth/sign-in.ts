/**
 * Signing in with a password, throttled per account and per client address
 * (lib/auth/throttle.ts). Each attempt is counted before the password is checked, so
 * concurrent guesses cannot get past the limit, and given back when it was right. While a
 * counter is locked every attempt is refused, the right password too, without checking it.
 * The account's owner is told by e-mail when their account gets locked.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { notifyAccount } from "@/lib/notifications/account";
import { describeWait } from "./throttle-policy";
import { clearThrottle, lockedFor, recordAttempt, refundAttempt, TooManyAttempts, type ThrottleKey, type ThrottleOptions } from "./throttle";
import { completeSignUp, SignUpLinkInvalid } from "./sign-up";
import { AccountSuspended, verifyCredentials, type AccountSummary } from "./users";

export interface PasswordSignIn {
  email: string;
  password: string;
  /** The client's address (lib/client-address.ts); null when the request has none. */
  address: string | null;
}

export function signInKeys(email: string, address: string | null): { account: ThrottleKey; address: ThrottleKey | null } {
  return {
    account: { kind: "SIGN_IN_ACCOUNT", key: email.trim().toLowerCase() },
    address: address ? { kind: "SIGN_IN_ADDRESS", key: address } : null,
  };
}

/**
 * The account for these credentials, or null when they do not match. Throws
 * TooManyAttempts while locked (or when this failure locked a counter), AccountSuspended
 * for a suspended account.
 */
export async function signInWithPassword(db: PrismaClient, input: PasswordSignIn, options: ThrottleOptions = {}): Promise<AccountSummary | null> {
  const now = options.now ?? new Date();
  const keys = signInKeys(input.email, input.address);
  const counted = [keys.account, ...(keys.address ? [keys.address] : [])];
  const result = await recordAttempt(db, counted, { now, rules: options.rules });
  if (!result.allowed) throw new TooManyAttempts(result.retryAfterMs);

  let user: AccountSummary | null;
  try {
    user = await verifyCredentials(db, input.email, input.password);
  } catch (error) {
    // Suspended: the password was right, so this was no guess.
    if (error instanceof AccountSuspended) await passed(db, keys, now);
    throw error;
  }
  if (user) {
    await passed(db, keys, now);
    return user;
  }

  if (result.lockedNow.length === 0) return null;
  if (result.lockedNow.includes("SIGN_IN_ACCOUNT")) await tellOwner(db, keys.account.key, now);
  const waits = await Promise.all(counted.map((key) => lockedFor(db, key, now)));
  throw new TooManyAttempts(Math.max(...waits));
}

async function passed(db: PrismaClient, keys: ReturnType<typeof signInKeys>, now: Date): Promise<void> {
  await clearThrottle(db, keys.account);
  if (keys.address) await refundAttempt(db, keys.address, now);
}

/** The lock e-mail, when the address belongs to an account. */
async function tellOwner(db: PrismaClient, email: string, now: Date): Promise<void> {
  const owner = await db.user.findUnique({ where: { email }, select: { email: true, name: true } });
  if (!owner) return;
  const wait = await lockedFor(db, { kind: "SIGN_IN_ACCOUNT", key: email }, now);
  await notifyAccount(db, "account_locked", owner, { lockedFor: describeWait(wait) });
}

/**
 * Signing in with the link of a sign-up e-mail: creates the account (lib/auth/sign-up.ts).
 * A link that does not work counts as a failed sign-in of the client address.
 */
export async function signInWithSignUpLink(
  db: PrismaClient,
  token: string,
  address: string | null,
  options: ThrottleOptions = {},
): Promise<AccountSummary> {
  const now = options.now ?? new Date();
  const key = address ? signInKeys("", address).address : null;
  if (!key) return completeSignUp(db, token, now);
  const result = await recordAttempt(db, [key], { now, rules: options.rules });
  if (!result.allowed) throw new TooManyAttempts(result.retryAfterMs);
  try {
    const account = await completeSignUp(db, token, now);
    await refundAttempt(db, key, now);
    return account;
  } catch (error) {
    if (!(error instanceof SignUpLinkInvalid)) await refundAttempt(db, key, now);
    else if (result.lockedNow.length > 0) throw new TooManyAttempts(await lockedFor(db, key, now));
    throw error;
  }
}

/**
 * Signing up without telling whether an e-mail address is registered. `requestSignUp`
 * answers the same way either way and sends one e-mail: to a new address a link that
 * finishes the sign-up (`completeSignUp` creates the account from it), to a registered one
 * a note that the account already exists. Both paths do the same work (a password hash,
 * one e-mail) so their timing does not tell them apart either. Sign-ups are limited per
 * client address and per e-mail address (lib/auth/throttle.ts).
 */
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ValidationError } from "@/lib/errors";
import { notifyAccount } from "@/lib/notifications/account";
import { hashPassword } from "./password";
import { safeCallbackPath } from "./roles";
import type { SignUpInput } from "./schemas";
import { recordAttempt, TooManyAttempts, type ThrottleKey, type ThrottleOptions } from "./throttle";
import { createAccount, type AccountSummary } from "./users";

/** How long the link in the confirmation e-mail works. */
export const SIGN_UP_LINK_HOURS = 24;

/** What the sign-up form says after a sign-up, whether the address was new or not. */
export const SIGN_UP_SENT_MESSAGE = "Check your e-mail to continue.";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface SignUpRequest extends SignUpInput {
  /** Where to go once the account exists (kept only when it is a same-site path). */
  callbackPath?: string | null;
}

export async function requestSignUp(
  db: PrismaClient,
  input: SignUpRequest,
  context: { address: string | null } & ThrottleOptions,
): Promise<void> {
  const now = context.now ?? new Date();
  const keys: ThrottleKey[] = [{ kind: "SIGN_UP_EMAIL", key: input.email }];
  if (context.address) keys.push({ kind: "SIGN_UP_ADDRESS", key: context.address });
  const allowed = await recordAttempt(db, keys, { now, rules: context.rules });
  if (!allowed.allowed) throw new TooManyAttempts(allowed.retryAfterMs);

  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { email: true, name: true } });
  if (existing) {
    await notifyAccount(db, "already_registered", existing);
    return;
  }

  const token = randomBytes(32).toString("base64url");
  const callbackPath = input.callbackPath ? safeCallbackPath(input.callbackPath, "") || null : null;
  await db.pendingSignUp.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.pendingSignUp.create({
    data: {
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash,
      tokenHash: hashToken(token),
      callbackPath,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_UP_LINK_HOURS * 3600_000),
    },
  });
  await notifyAccount(db, "sign_up_confirm", { email: input.email, name: input.name }, { token, validForHours: SIGN_UP_LINK_HOURS });
}

export class SignUpLinkInvalid extends ValidationError {
  constructor() {
    super("This link has expired or was already used. Sign up again to get a new one.");
  }
}

/** The pending sign-up of a link, without using it up (for the confirmation page). */
export async function findPendingSignUp(db: PrismaClient, token: string, now: Date = new Date()) {
  if (!token || token.length > 200) return null;
  const pending = await db.pendingSignUp.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { email: true, name: true, role: true, callbackPath: true, expiresAt: true },
  });
  return pending && pending.expiresAt > now ? pending : null;
}

/**
 * Creates the account of a confirmation link, once: the link is used up, and every other
 * pending sign-up of the address is dropped. Throws SignUpLinkInvalid for an unknown,
 * used or expired link, EmailTaken when the address got an account meanwhile.
 */
export async function completeSignUp(db: PrismaClient, token: string, now: Date = new Date()): Promise<AccountSummary> {
  if (!token || token.length > 200) throw new SignUpLinkInvalid();
  return db.$transaction(async (tx) => {
    const pending = await tx.pendingSignUp.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!pending || pending.expiresAt <= now) throw new SignUpLinkInvalid();
    const { count } = await tx.pendingSignUp.deleteMany({ where: { id: pending.id } });
    if (count === 0) throw new SignUpLinkInvalid(); // a concurrent click used it
    const account = await createAccount(tx, pending);
    await tx.pendingSignUp.deleteMany({ where: { email: pending.email } });
    return account;
  });
}

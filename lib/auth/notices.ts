/**
 * The e-mails of signing in and signing up, one small function each, all through the
 * outbox (lib/email). Templates: "auth.account_locked", "auth.sign_up_confirm",
 * "auth.already_registered".
 */
import type { Db } from "@/lib/db";
import { appUrl, sendEmail, textBody } from "@/lib/email";
import { describeWait } from "./throttle-policy";

/** Tells the owner that their account was locked after failed sign-ins. */
export async function sendAccountLockedNotice(db: Db, to: { email: string; name: string }, lockedForMs: number): Promise<void> {
  await sendEmail(
    {
      to: to.email,
      subject: "Your Löyly account was locked after failed sign-ins",
      template: "auth.account_locked",
      text: textBody(
        `Hello ${to.name},`,
        `Someone tried to sign in to your Löyly account with a wrong password several times, so signing in is locked for ${describeWait(lockedForMs)}. Your password was not revealed.`,
        `If this was you, wait and then sign in at ${appUrl("/sign-in")}.`,
        "If it was not you, nothing is needed: the lock keeps guessing slow. If it keeps happening, write to support@loyly.local.",
      ),
    },
    { db },
  );
}

/** The link that finishes a sign-up (the only way to prove the address is theirs). */
export async function sendSignUpConfirmation(db: Db, to: { email: string; name: string }, token: string, validForHours: number): Promise<void> {
  await sendEmail(
    {
      to: to.email,
      subject: "Confirm your e-mail to finish signing up to Löyly",
      template: "auth.sign_up_confirm",
      text: textBody(
        `Hello ${to.name},`,
        `Open this link to confirm your e-mail address and finish creating your Löyly account:\n${appUrl(`/sign-up/confirm?token=${encodeURIComponent(token)}`)}`,
        `The link works for ${validForHours} hours. If you did not sign up, ignore this message: no account is created.`,
      ),
    },
    { db },
  );
}

/** Sent instead of a confirmation when the address already has an account. */
export async function sendAlreadyRegisteredNotice(db: Db, to: { email: string; name: string }): Promise<void> {
  await sendEmail(
    {
      to: to.email,
      subject: "You already have a Löyly account",
      template: "auth.already_registered",
      text: textBody(
        `Hello ${to.name},`,
        "Someone (perhaps you) tried to create a new Löyly account with this e-mail address. You already have one, so no new account was created.",
        `Sign in at ${appUrl("/sign-in")}.`,
        "If it was not you, you can ignore this message: nothing has changed in your account.",
      ),
    },
    { db },
  );
}

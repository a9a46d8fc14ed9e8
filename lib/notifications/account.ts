/**
 * The emails about an account rather than a booking (signing in and signing up), side by
 * side like the booking templates: one entry per notice, one `notifyAccount` to send them
 * through the outbox (lib/email). Unlike booking notices these are the action itself (a
 * sign-up link that is not recorded is a sign-up that cannot finish), so a failure to record
 * one is thrown to the caller.
 */
import type { Db } from "@/lib/db";
import { appUrl, sendEmail, textBody, type EmailMessage } from "@/lib/email";

export interface AccountNoticeExtras {
  /** Signing in is locked after failed attempts, for `lockedFor` (in words). */
  account_locked: { lockedFor: string };
  /** The link that finishes a sign-up (the only way to prove the address is theirs). */
  sign_up_confirm: { token: string; validForHours: number };
  /** Sent instead of a confirmation when the address already has an account. */
  already_registered: undefined;
  /**
   * A host's payout account lost charges or payouts: their listings stop taking requests and
   * the charges of accepted bookings wait (until the booking's pay-by time).
   */
  payouts_restricted: { requestsWaiting: number; chargesWaiting: number; requirements: string[] };
}

export type AccountNotice = keyof AccountNoticeExtras;

interface Recipient {
  email: string;
  name: string;
}

type Template<N extends AccountNotice> = (to: Recipient, extra: AccountNoticeExtras[N]) => Omit<EmailMessage, "to">;

const TEMPLATES: { [N in AccountNotice]: Template<N> } = {
  account_locked: (to, { lockedFor }) => ({
    subject: "Your Löyly account was locked after failed sign-ins",
    template: "auth.account_locked",
    text: textBody(
      `Hello ${to.name},`,
      `Someone tried to sign in to your Löyly account with a wrong password several times, so signing in is locked for ${lockedFor}. Your password was not revealed.`,
      `If this was you, wait and then sign in at ${appUrl("/sign-in")}.`,
      "If it was not you, nothing is needed: the lock keeps guessing slow. If it keeps happening, write to support@loyly.local.",
    ),
  }),

  sign_up_confirm: (to, { token, validForHours }) => ({
    subject: "Confirm your e-mail to finish signing up to Löyly",
    template: "auth.sign_up_confirm",
    text: textBody(
      `Hello ${to.name},`,
      `Open this link to confirm your e-mail address and finish creating your Löyly account:\n${appUrl(`/sign-up/confirm?token=${encodeURIComponent(token)}`)}`,
      `The link works for ${validForHours} hours. If you did not sign up, ignore this message: no account is created.`,
    ),
  }),

  already_registered: (to) => ({
    subject: "You already have a Löyly account",
    template: "auth.already_registered",
    text: textBody(
      `Hello ${to.name},`,
      "Someone (perhaps you) tried to create a new Löyly account with this e-mail address. You already have one, so no new account was created.",
      `Sign in at ${appUrl("/sign-in")}.`,
      "If it was not you, you can ignore this message: nothing has changed in your account.",
    ),
  }),

  payouts_restricted: (to, { requestsWaiting, chargesWaiting, requirements }) => ({
    subject: "Action needed: Stripe has paused payments to your Löyly account",
    template: "connect.payouts_restricted",
    text: textBody(
      `Hello ${to.name},`,
      "Stripe has paused charges or payouts on the account you get paid through, so your saunas do not take new booking requests for now.",
      requirements.length > 0 ? `Stripe asks for: ${requirements.join(", ")}.` : "Stripe is reviewing your account.",
      requestsWaiting > 0
        ? `${requestsWaiting} booking request${requestsWaiting === 1 ? " is" : "s are"} waiting: you can accept ${requestsWaiting === 1 ? "it" : "them"} once your account is ready again, before the request expires.`
        : "",
      chargesWaiting > 0
        ? `${chargesWaiting} accepted booking${chargesWaiting === 1 ? " is" : "s are"} not charged until your account is ready again. If it is not ready by the booking's payment deadline, the booking is cancelled and the customer is told.`
        : "",
      `Update your details at ${appUrl("/provider/get-paid")}.`,
    ),
  }),
};

type ExtraArgs<N extends AccountNotice> = AccountNoticeExtras[N] extends undefined ? [] : [extra: AccountNoticeExtras[N]];

export async function notifyAccount<N extends AccountNotice>(db: Db, notice: N, to: Recipient, ...extra: ExtraArgs<N>): Promise<void> {
  const template = TEMPLATES[notice] as Template<AccountNotice>;
  await sendEmail({ to: to.email, ...template(to, extra[0] as never) }, { db });
}

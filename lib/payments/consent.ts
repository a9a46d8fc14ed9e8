/**
 * The consent customers give before a card is saved for off-session charges: who may
 * charge, when, how much, and how to cancel.
 *
 * The exact text shown is stored with the consent record, with its version and a SHA-256
 * hash, so an operator can later prove what the customer agreed to. Change the wording →
 * bump CONSENT_TEXT_VERSION.
 */
import { createHash } from "node:crypto";

export const CONSENT_TEXT_VERSION = "2026-11-30.1";
export const MERCHANT_NAME = "Löyly";

export interface BookingConsentTerms {
  listingTitle: string;
  /** Formatted amount with currency, e.g. "€132.00". */
  amount: string;
  /** Formatted date (and time, in the listing's time zone) the card will be charged. */
  chargeDate: string;
  /** Formatted deadline after which an unpaid booking is cancelled. */
  payBy?: string;
  /** The booking's cancellation policy in words (what a paid booking cancelled later gets back). */
  cancellationPolicy?: string;
}

/** The consent text for saving a card, for one booking or (without terms) for later bookings. */
export function consentText(terms?: BookingConsentTerms): string {
  const who = `I authorise ${MERCHANT_NAME} to save this card and charge it without me being present (off session)`;
  const what = terms
    ? ` for my booking of ${terms.listingTitle}: ${terms.amount}, charged on or after ${terms.chargeDate}` +
      (terms.payBy ? `; if that charge fails I can pay on the booking page until ${terms.payBy}` : "")
    : " for bookings I make, for the total shown at each booking, on or after the charge date shown there";
  const cancel =
    ". I can cancel a request or an unpaid booking free of charge from My bookings before the charge, " +
    "and remove this card under Payment methods when no unpaid booking depends on it.";
  const policy = terms?.cancellationPolicy ? ` After payment, this cancellation policy applies: ${terms.cancellationPolicy}` : "";
  return `${who}${what}${cancel}${policy}`;
}

export function hashConsentText(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export interface ConsentSnapshot {
  text: string;
  textVersion: string;
  textHash: string;
}

export function consentSnapshot(terms?: BookingConsentTerms): ConsentSnapshot {
  const text = consentText(terms);
  return { text, textVersion: CONSENT_TEXT_VERSION, textHash: hashConsentText(text) };
}

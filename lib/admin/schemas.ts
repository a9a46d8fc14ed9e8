/**
 * Input of the admin pages: the filters in the URL (search params, parsed leniently: a bad
 * value is dropped, not an error page) and the fields of the operator actions (strict, with
 * field-level messages).
 */
import { z } from "zod";
import { BookingStatus, PaymentAttemptOutcome, EmailStatus } from "@/lib/generated/prisma/enums";
import { ValidationError } from "@/lib/errors";
import { minorDigits, parseMoneyToMinor } from "@/lib/money";
import { isLocalDate } from "@/lib/time";
import { isCleanText, text } from "@/lib/validation";

export const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a search param, trimmed and bounded; one with control characters is dropped. */
function param(params: SearchParams, key: string, max = 200): string | undefined {
  const raw = params[key];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value && isCleanText(value) ? value.slice(0, max) : undefined;
}

function enumParam<T extends string>(values: Record<string, T>, value: string | undefined): T | undefined {
  return value && (Object.values(values) as string[]).includes(value) ? (value as T) : undefined;
}

export function pageParam(params: SearchParams): number {
  const n = Number(param(params, "page", 6));
  return Number.isSafeInteger(n) && n >= 1 ? Math.min(n, 100_000) : 1;
}

export interface BookingFilters {
  status?: BookingStatus;
  listingId?: string;
  customerEmail?: string;
  /** Local dates (Europe/Helsinki, the marketplace's zone) of the start, inclusive. */
  from?: string;
  to?: string;
  page: number;
}

export function parseBookingFilters(params: SearchParams): BookingFilters {
  const from = param(params, "from", 10);
  const to = param(params, "to", 10);
  return {
    status: enumParam(BookingStatus, param(params, "status")),
    listingId: param(params, "listing", 64),
    customerEmail: param(params, "customer", 254),
    from: from && isLocalDate(from) ? from : undefined,
    to: to && isLocalDate(to) ? to : undefined,
    page: pageParam(params),
  };
}

export interface AttemptFilters {
  outcome?: PaymentAttemptOutcome;
  page: number;
}

export function parseAttemptFilters(params: SearchParams): AttemptFilters {
  return { outcome: enumParam(PaymentAttemptOutcome, param(params, "outcome")), page: pageParam(params) };
}

export interface EmailFilters {
  to?: string;
  template?: string;
  status?: EmailStatus;
  page: number;
}

export function parseEmailFilters(params: SearchParams): EmailFilters {
  return {
    to: param(params, "to", 254),
    template: param(params, "template", 100),
    status: enumParam(EmailStatus, param(params, "status")),
    page: pageParam(params),
  };
}

/** Why an operator acts: written on the timeline and in the emails. */
export const reasonSchema = text({ error: "Give a reason." })
  .trim()
  .min(3, { error: "Give a reason of at least 3 characters." })
  .max(500, { error: "Keep the reason under 500 characters." });

export const operatorReasonSchema = z.object({ reason: reasonSchema });

/** The amount stays text here: it is parsed against the booking's currency on the server. */
export const refundSchema = z.object({
  reason: reasonSchema,
  amount: text({ error: "Enter an amount." }).trim().min(1, { error: "Enter an amount." }).max(20, { error: "Enter an amount." }),
});

/**
 * "12.50" in the booking's currency → minor units, without floats. Throws a ValidationError
 * on the `amount` field for anything else.
 */
export function parseRefundAmount(text: string, currency: string): number {
  const minor = parseMoneyToMinor(text, currency);
  if (minor === null) {
    const digits = minorDigits(currency);
    const example = digits === 0 ? "12" : `12.${"5".padEnd(digits, "0")}`;
    throw new ValidationError("Please check the amount.", { amount: [`Enter an amount like ${example} (${currency}).`] });
  }
  if (minor < 1) throw new ValidationError("Please check the amount.", { amount: ["Enter an amount greater than zero."] });
  return minor;
}

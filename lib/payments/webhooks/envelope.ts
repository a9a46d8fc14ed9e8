/**
 * What is checked before an event is trusted, beyond the SDK's signature check:
 *
 * - the signature's timestamp is within the tolerance in BOTH directions. Stripe's
 *   `constructEvent` refuses only timestamps too far in the past (a replayed old delivery);
 *   one from the future (a delivery signed ahead of time to be replayed later, or a wrong
 *   clock) is refused here.
 * - the event has the envelope every Stripe event has (`id`, `type`, `data.object` with an
 *   `id`); a signed event without it is malformed and refused with 400, nothing written.
 */
import { z } from "zod";

/** Seconds a signature timestamp may differ from now, either way (Stripe's default is 300). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The `t=` timestamp (seconds) of a Stripe-Signature header, or null if there is none. */
export function signatureTimestamp(header: string): number | null {
  for (const part of header.split(",")) {
    const [key, value] = part.split("=", 2);
    if (key?.trim() === "t" && value && /^\d{1,12}$/.test(value.trim())) return Number(value.trim());
  }
  return null;
}

/** Why the signature's time is not acceptable at `nowMs`, or null when it is. */
export function signatureTimeProblem(header: string, nowMs: number, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): string | null {
  const t = signatureTimestamp(header);
  if (t === null) return "the signature has no timestamp";
  const skew = t - Math.floor(nowMs / 1000);
  if (skew > toleranceSeconds) return `the signature timestamp is ${skew} s in the future (tolerance ${toleranceSeconds} s)`;
  if (-skew > toleranceSeconds) return `the signature timestamp is ${-skew} s old (tolerance ${toleranceSeconds} s)`;
  return null;
}

const envelopeSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("event").optional(),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative().optional(),
  data: z.object({
    object: z.looseObject({ id: z.string().min(1).max(255) }),
  }),
});

/** Null when `event` has the envelope of a Stripe event, else what is missing or wrong. */
export function envelopeProblem(event: unknown): string | null {
  const parsed = envelopeSchema.safeParse(event);
  if (parsed.success) return null;
  return parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "event"}: ${issue.message}`).join("; ");
}

/** Form schemas of the booking flow (FormData values are strings). */
import { z } from "zod";
import { quoteSchema } from "@/lib/listings/schemas";
import { idSchema as id, text } from "@/lib/validation";
import { MAX_PROVIDER_MESSAGE } from "./provider";

/** The consent box: "on" when ticked, absent otherwise; the server decides what that means. */
export const consentFields = {
  consent: z
    .string()
    .optional()
    .transform((v) => v === "on"),
  consentHash: z.string().regex(/^[a-f0-9]{64}$/, { error: "Please reload the page and try again." }),
};

export const bookingRequestSchema = quoteSchema.extend({
  listingId: id,
  /** A saved card's id, or "new" with the SetupIntent the browser confirmed. */
  savedCardId: id,
  setupIntentId: z.string().regex(/^seti_[A-Za-z0-9_]+$/).max(255).optional(),
  ...consentFields,
}).superRefine((value, ctx) => {
  if (value.savedCardId === "new" && !value.setupIntentId) {
    ctx.addIssue({ code: "custom", path: ["savedCardId"], message: "Enter your card details." });
  }
});

export const startSetupSchema = z.object({
  // Required: an optional field's refinement would not run when the box is left out.
  consent: z.literal("on", { error: "Please tick the box to agree to the payment terms." }),
});

export const saveCardSchema = z.object({
  setupIntentId: z.string().regex(/^seti_[A-Za-z0-9_]+$/).max(255),
  ...consentFields,
});

export const answerSchema = z.object({
  message: text()
    .trim()
    .max(MAX_PROVIDER_MESSAGE, { error: `At most ${MAX_PROVIDER_MESSAGE} characters.` })
    .optional()
    .transform((m) => m || undefined),
});

export const cancelSchema = z.object({
  reason: text()
    .trim()
    .max(500)
    .optional()
    .transform((r) => r || undefined),
});

/** The customer cancels a paid booking: the refund they were shown (minor units) and an optional reason. */
export const cancelPaidSchema = z.object({
  expectedRefund: text({ error: "Please reload the page and try again." })
    .regex(/^\d{1,12}$/, { error: "Please reload the page and try again." })
    .transform((v) => Number(v)),
  reason: text()
    .trim()
    .max(500)
    .optional()
    .transform((r) => r || undefined),
});

/** The host cancels a paid booking: the customer is told why. */
export const hostCancelSchema = z.object({
  reason: text({ error: "Tell the customer why you cancel." })
    .trim()
    .min(3, { error: "Tell the customer why you cancel (at least 3 characters)." })
    .max(500, { error: "At most 500 characters." }),
});

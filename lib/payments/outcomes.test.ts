import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { paymentIntentOutcome } from "./outcomes";

function intent(status: Stripe.PaymentIntent.Status, lastError: Partial<Stripe.PaymentIntent.LastPaymentError> | null = null): Stripe.PaymentIntent {
  return { id: "pi_test", object: "payment_intent", status, last_payment_error: lastError, amount: 8800, currency: "eur" } as Stripe.PaymentIntent;
}

describe("paymentIntentOutcome", () => {
  it("reads succeeded and processing the same on and off session", () => {
    for (const mode of ["off_session", "on_session"] as const) {
      expect(paymentIntentOutcome(intent("succeeded"), mode).kind).toBe("paid");
      expect(paymentIntentOutcome(intent("processing"), mode).kind).toBe("processing");
    }
  });

  it("treats a pending 3D Secure challenge as a failure off session, as waiting for the customer on session", () => {
    const off = paymentIntentOutcome(intent("requires_action"), "off_session");
    expect(off.kind).toBe("failed");
    if (off.kind === "failed") expect(off.failure.kind).toBe("authentication_required");
    expect(paymentIntentOutcome(intent("requires_action"), "on_session").kind).toBe("awaiting_customer");
  });

  it("classifies a decline left on the intent by its decline code", () => {
    const soft = paymentIntentOutcome(intent("requires_payment_method", { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Declined" }), "off_session");
    expect(soft).toMatchObject({ kind: "failed", failure: { kind: "soft_decline", declineCode: "insufficient_funds" } });
    const hard = paymentIntentOutcome(intent("requires_payment_method", { type: "card_error", code: "expired_card", message: "Expired" }), "on_session");
    expect(hard).toMatchObject({ kind: "failed", failure: { kind: "hard_decline", code: "expired_card" } });
  });

  it("tells an intent that was never confirmed, or canceled, from a failure", () => {
    expect(paymentIntentOutcome(intent("requires_payment_method"), "off_session").kind).toBe("not_confirmed");
    expect(paymentIntentOutcome(intent("canceled"), "off_session").kind).toBe("canceled");
  });
});

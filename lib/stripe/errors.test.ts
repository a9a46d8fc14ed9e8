import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { describeStripeError } from "./errors";

/** What a decline looks like when it was thrown by another copy of the SDK (a second bundle chunk). */
function foreignCardError(raw: { code: string; decline_code?: string; message: string }) {
  return Object.assign(new Error(raw.message), {
    type: "StripeCardError",
    rawType: "card_error",
    raw: { ...raw, type: "card_error", statusCode: 402 },
    statusCode: 402,
    code: raw.code,
    decline_code: raw.decline_code,
    payment_intent: undefined,
  });
}

describe("describeStripeError", () => {
  it("reads an SDK card error", () => {
    const error = new Stripe.errors.StripeCardError({ type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Declined" });
    expect(describeStripeError(error)).toMatchObject({ kind: "soft_decline", type: "card_error", declineCode: "insufficient_funds" });
  });

  it("reads a card error from another copy of the SDK as a card error, not a network failure", () => {
    const info = describeStripeError(foreignCardError({ code: "authentication_required", message: "This transaction requires authentication." }));
    expect(info).toMatchObject({ kind: "authentication_required", type: "card_error", code: "authentication_required", statusCode: 402 });
  });

  it("treats a plain error (socket, abort) as the network failing", () => {
    expect(describeStripeError(new Error("socket hang up"))).toMatchObject({ kind: "transient", type: "network" });
  });
});

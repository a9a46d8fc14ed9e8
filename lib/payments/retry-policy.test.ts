import { describe, expect, it } from "vitest";
import { classifyFailure, transientBackoffMs } from "@/lib/stripe/errors";
import { nextRetryAt } from "./retry-policy";

describe("classifyFailure", () => {
  it.each([
    [{ type: "card_error", code: "authentication_required", declineCode: "authentication_required" }, "authentication_required"],
    [{ type: "card_error", code: "card_declined", declineCode: "insufficient_funds" }, "soft_decline"],
    [{ type: "card_error", code: "card_declined", declineCode: "generic_decline" }, "soft_decline"],
    [{ type: "card_error", code: "card_declined", declineCode: "try_again_later" }, "soft_decline"],
    [{ type: "card_error", code: "processing_error", declineCode: null }, "soft_decline"],
    [{ type: "card_error", code: "card_declined", declineCode: null }, "soft_decline"],
    [{ type: "card_error", code: "expired_card", declineCode: "expired_card" }, "hard_decline"],
    [{ type: "card_error", code: "card_declined", declineCode: "lost_card" }, "hard_decline"],
    [{ type: "card_error", code: "card_declined", declineCode: "stolen_card" }, "hard_decline"],
    [{ type: "card_error", code: "card_declined", declineCode: "fraudulent" }, "hard_decline"],
    [{ type: "card_error", code: "incorrect_number" }, "hard_decline"],
    [{ type: "card_error", code: "incorrect_cvc", declineCode: "incorrect_cvc" }, "hard_decline"],
    [{ type: "api_error", statusCode: 500 }, "transient"],
    [{ type: "rate_limit_error", code: "rate_limit", statusCode: 429 }, "transient"],
    [{ type: "StripeConnectionError" }, "transient"],
    [{ type: "invalid_request_error", code: "resource_missing", statusCode: 400 }, "invalid_request"],
  ] as const)("%o is %s", (failure, kind) => {
    expect(classifyFailure(failure)).toBe(kind);
  });
});

describe("nextRetryAt", () => {
  const failedAt = new Date("2027-01-01T10:00:00Z");
  const payBy = new Date("2027-01-10T10:00:00Z");

  it("retries a day after the first failure, three days after the second", () => {
    expect(nextRetryAt({ attemptsMade: 1, failedAt, payBy })).toEqual(new Date("2027-01-02T10:00:00Z"));
    expect(nextRetryAt({ attemptsMade: 2, failedAt, payBy })).toEqual(new Date("2027-01-04T10:00:00Z"));
  });

  it("makes the last automatic attempt a day before payBy, then stops", () => {
    expect(nextRetryAt({ attemptsMade: 3, failedAt, payBy })).toEqual(new Date("2027-01-09T10:00:00Z"));
    expect(nextRetryAt({ attemptsMade: 4, failedAt, payBy })).toBeNull();
  });

  it("never schedules at or after payBy", () => {
    const soon = new Date("2027-01-10T09:30:00Z");
    expect(nextRetryAt({ attemptsMade: 1, failedAt: soon, payBy })).toBeNull();
  });

  it("pulls a retry that would land after the final slot back to it, but keeps a minimum gap", () => {
    const late = new Date("2027-01-08T20:00:00Z");
    expect(nextRetryAt({ attemptsMade: 1, failedAt: late, payBy })).toEqual(new Date("2027-01-09T10:00:00Z"));
    const veryLate = new Date("2027-01-09T09:45:00Z");
    expect(nextRetryAt({ attemptsMade: 2, failedAt: veryLate, payBy })).toEqual(new Date("2027-01-09T10:45:00Z"));
  });
});

describe("transientBackoffMs", () => {
  it("grows exponentially with jitter and is capped", () => {
    expect(transientBackoffMs(0, 250, 8000, () => 0)).toBe(125);
    expect(transientBackoffMs(3, 250, 8000, () => 1)).toBe(2000);
    expect(transientBackoffMs(10, 250, 8000, () => 1)).toBe(8000);
  });
});

import { describe, expect, it } from "vitest";
import { accountState, canBePaid, whyNotBookable, type AccountFacts } from "./account-state";

const facts = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  chargesEnabled: false,
  payoutsEnabled: false,
  detailsSubmitted: false,
  requirementsDue: [],
  pendingVerification: [],
  disabledReason: null,
  currentDeadline: null,
  ...over,
});

describe("accountState", () => {
  it("names each state the Get paid page shows", () => {
    expect(accountState(null)).toBe("not_started");
    expect(accountState(facts({ requirementsDue: ["external_account"], disabledReason: "requirements.past_due" }))).toBe("details_needed");
    expect(accountState(facts({ detailsSubmitted: true, pendingVerification: ["individual.id_number"], disabledReason: "requirements.pending_verification" }))).toBe(
      "pending_verification",
    );
    expect(accountState(facts({ detailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true }))).toBe("enabled");
    expect(accountState(facts({ detailsSubmitted: true, requirementsDue: ["individual.verification.document"], disabledReason: "requirements.past_due" }))).toBe("restricted");
    expect(accountState(facts({ detailsSubmitted: true, disabledReason: "rejected.fraud" }))).toBe("restricted");
  });

  it("can be paid only with charges and payouts both enabled", () => {
    expect(canBePaid(facts({ chargesEnabled: true }))).toBe(false);
    expect(canBePaid(facts({ payoutsEnabled: true }))).toBe(false);
    expect(canBePaid(facts({ chargesEnabled: true, payoutsEnabled: true }))).toBe(true);
    expect(canBePaid(null)).toBe(false);
  });

  it("says why a listing takes no requests", () => {
    expect(whyNotBookable({ active: true }, facts({ chargesEnabled: true, payoutsEnabled: true }))).toBeNull();
    expect(whyNotBookable({ active: false }, facts({ chargesEnabled: true, payoutsEnabled: true }))).toMatch(/Hidden/);
    expect(whyNotBookable({ active: true }, null)).toMatch(/set up how you get paid/);
    expect(whyNotBookable({ active: true }, facts({ detailsSubmitted: true, disabledReason: "rejected.other" }))).toMatch(/restricted/);
  });
});

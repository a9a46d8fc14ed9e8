import { describe, expect, it } from "vitest";
import { describeCounts } from "./payments";

describe("describeCounts", () => {
  it("says what a pass did: each group's numbers that are not zero, the duration left out", () => {
    const counts = {
      charged: { paid: 0, failed: 1, skipped: 0, attempted: 1 },
      payouts: { checked: 0, released: 3, holdWarnings: 0 },
      completed: 0,
      durationMs: 111,
      cardsDetached: { failed: 0, detached: 0 },
      remindersSent: 2,
    };
    expect(describeCounts(counts)).toBe("charged: 1 failed, 1 attempted; payouts: 3 released; reminders sent: 2");
  });

  it("is 'nothing to do' when every number is zero, and a dash when there are no counts", () => {
    expect(describeCounts({ charged: { paid: 0 }, completed: 0, durationMs: 40 })).toBe("nothing to do");
    expect(describeCounts(null)).toBe("—");
  });

  it("keeps what is not a number readable", () => {
    expect(describeCounts({ note: "lease lost", charged: { last: "bk_1" } })).toBe('note: lease lost; charged: last "bk_1"');
  });
});

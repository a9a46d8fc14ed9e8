import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { openingPlanProblems, slotCovering, validateOpeningPlan } from "./opening-hours";

describe("opening hours plan", () => {
  it("accepts a valid plan and returns it sorted", () => {
    const plan = validateOpeningPlan([
      { weekday: 2, opensAt: 600, closesAt: 720 },
      { weekday: 1, opensAt: 960, closesAt: 1440 },
      { weekday: 2, opensAt: 720, closesAt: 900 }, // touching, not overlapping
    ]);
    expect(plan.map((s) => [s.weekday, s.opensAt])).toEqual([
      [1, 960],
      [2, 600],
      [2, 720],
    ]);
  });

  it("rejects opening after closing", () => {
    const problems = openingPlanProblems([{ weekday: 3, opensAt: 1200, closesAt: 1080 }]);
    expect(problems["hours.3"]?.[0]).toMatch(/Wednesday: opening time 20:00 must be before closing time 18:00/);
  });

  it("rejects equal opening and closing", () => {
    expect(openingPlanProblems([{ weekday: 1, opensAt: 600, closesAt: 600 }])["hours.1"]).toHaveLength(1);
  });

  it("rejects overlapping slots on the same day only", () => {
    const slots = [
      { weekday: 5, opensAt: 600, closesAt: 900 },
      { weekday: 5, opensAt: 840, closesAt: 1200 },
      { weekday: 6, opensAt: 840, closesAt: 1200 },
    ];
    const problems = openingPlanProblems(slots);
    expect(Object.keys(problems)).toEqual(["hours.5"]);
    expect(problems["hours.5"]?.[0]).toMatch(/10:00–15:00 overlaps 14:00–20:00/);
    expect(() => validateOpeningPlan(slots)).toThrow(ValidationError);
  });

  it("rejects bad weekdays and times outside the day", () => {
    expect(openingPlanProblems([{ weekday: 0, opensAt: 0, closesAt: 60 }])["hours.0"]).toBeDefined();
    expect(openingPlanProblems([{ weekday: 1, opensAt: 0, closesAt: 1500 }])["hours.1"]).toBeDefined();
  });

  it("finds the slot covering a range", () => {
    const plan = [
      { weekday: 1, opensAt: 600, closesAt: 720 },
      { weekday: 1, opensAt: 960, closesAt: 1320 },
    ];
    expect(slotCovering(plan, 1, 960, 1080)).toEqual(plan[1]);
    expect(slotCovering(plan, 1, 660, 1020)).toBeUndefined(); // spans the midday break
    expect(slotCovering(plan, 2, 960, 1020)).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import {
  addDays,
  formatTimeOfDay,
  isLocalDate,
  isValidTimeZone,
  isoWeekday,
  parseTimeOfDay,
  timeZoneOffsetMs,
  todayIn,
  utcToZoned,
  zonedTimeToUtc,
} from "./time";

const HEL = "Europe/Helsinki";
const iso = (d: Date) => d.toISOString();

describe("zonedTimeToUtc", () => {
  it("converts summer and winter wall times in Helsinki", () => {
    expect(iso(zonedTimeToUtc("2025-06-14", 17 * 60, HEL))).toBe("2025-06-14T14:00:00.000Z"); // EEST +3
    expect(iso(zonedTimeToUtc("2025-01-14", 17 * 60, HEL))).toBe("2025-01-14T15:00:00.000Z"); // EET +2
  });

  it("treats 24:00 as the next midnight", () => {
    expect(iso(zonedTimeToUtc("2025-06-14", 24 * 60, HEL))).toBe("2025-06-14T21:00:00.000Z");
  });

  it("moves times in the spring-forward gap forward by the gap", () => {
    // 2025-03-30 03:30 does not exist in Helsinki (03:00 → 04:00): resolves to 04:30 EEST.
    expect(iso(zonedTimeToUtc("2025-03-30", 3 * 60 + 30, HEL))).toBe("2025-03-30T01:30:00.000Z");
    expect(iso(zonedTimeToUtc("2025-03-09", 2 * 60 + 30, "America/New_York"))).toBe("2025-03-09T07:30:00.000Z");
  });

  it("takes the earlier instant for ambiguous autumn times", () => {
    expect(iso(zonedTimeToUtc("2025-10-26", 3 * 60 + 30, HEL))).toBe("2025-10-26T00:30:00.000Z");
    expect(iso(zonedTimeToUtc("2025-11-02", 90, "America/New_York"))).toBe("2025-11-02T05:30:00.000Z");
  });

  it("round-trips with utcToZoned", () => {
    for (const zone of [HEL, "Europe/Stockholm", "America/New_York", "Asia/Kolkata", "UTC"]) {
      for (const date of ["2025-01-01", "2025-07-15", "2024-02-29"]) {
        for (const minutes of [0, 17 * 60 + 30, 23 * 60 + 59]) {
          const back = utcToZoned(zonedTimeToUtc(date, minutes, zone), zone);
          expect(back).toMatchObject({ date, minutes });
        }
      }
    }
  });
});

describe("utcToZoned", () => {
  it("puts late UTC evenings on the next local day", () => {
    expect(utcToZoned(new Date("2025-06-14T21:30:00Z"), HEL)).toEqual({ date: "2025-06-15", minutes: 30, weekday: 7 });
  });
  it("gives today's date in a zone", () => {
    expect(todayIn(HEL, new Date("2025-12-31T22:30:00Z"))).toBe("2026-01-01");
    expect(todayIn("America/New_York", new Date("2026-01-01T02:00:00Z"))).toBe("2025-12-31");
  });
  it("reports offsets", () => {
    expect(timeZoneOffsetMs(new Date("2025-06-01T12:00:00Z"), HEL)).toBe(3 * 3600_000);
    expect(timeZoneOffsetMs(new Date("2025-12-01T12:00:00Z"), HEL)).toBe(2 * 3600_000);
  });
});

describe("calendar helpers", () => {
  it("computes ISO weekdays", () => {
    expect(isoWeekday("2025-06-16")).toBe(1); // Monday
    expect(isoWeekday("2025-06-15")).toBe(7); // Sunday
  });
  it("validates dates and adds days across months and leap years", () => {
    expect(isLocalDate("2024-02-29")).toBe(true);
    expect(isLocalDate("2025-02-29")).toBe(false);
    expect(isLocalDate("2025-6-1")).toBe(false);
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
  });
  it("parses and formats times of day", () => {
    expect(parseTimeOfDay("17:30")).toBe(1050);
    expect(parseTimeOfDay("24:00")).toBe(1440);
    expect(parseTimeOfDay("24:30")).toBeNull();
    expect(parseTimeOfDay("7:30")).toBeNull();
    expect(formatTimeOfDay(1440)).toBe("24:00");
    expect(formatTimeOfDay(65)).toBe("01:05");
  });
  it("validates IANA zones", () => {
    expect(isValidTimeZone("Europe/Helsinki")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

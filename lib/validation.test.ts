import { describe, expect, it } from "vitest";
import { CONTROL_CHARACTER_MESSAGE, idSchema, isCleanText, isPlausibleId, isPlausibleSlug, text } from "./validation";

describe("isCleanText", () => {
  it("allows ordinary text, tabs, line breaks and any language", () => {
    for (const ok of ["Rantasauna", "Line one\r\nline two\tand a tab", "Löyly 🧖‍♀️ сауна サウナ", "<b>HTML</b> is text", ""]) expect(isCleanText(ok)).toBe(true);
  });
  it("refuses NUL, other control characters and broken UTF-16", () => {
    for (const bad of ["a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\uD800", "x\uDFFF", "\uDBFFa"]) expect(isCleanText(bad)).toBe(false);
  });
});

describe("text()", () => {
  it("gives one clear message for control characters, before any other check", () => {
    const schema = text().trim().min(3).max(5);
    const result = schema.safeParse("a\u0000");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([CONTROL_CHARACTER_MESSAGE]);
    expect(schema.parse("  abc  ")).toBe("abc");
  });
});

describe("ids and slugs", () => {
  it("accepts ours and refuses anything else", () => {
    expect(isPlausibleId("cmfz0abc123")).toBe(true);
    expect(isPlausibleSlug("kallio-harbour-sauna")).toBe(true);
    for (const bad of ["", "\u0000", "a b", "x".repeat(65), "../x", "'; DROP", 42]) expect(isPlausibleId(bad)).toBe(false);
    for (const bad of ["", "\u0000", "Kallio", "-x", "a/b", "x".repeat(101), null]) expect(isPlausibleSlug(bad)).toBe(false);
    expect(idSchema.safeParse("abc\u0000").success).toBe(false);
  });
});

/**
 * The stylesheet draws no SVG pictures: Chrome parses an SVG picture as a whole document on
 * the main thread at first layout, on every page that shows it. The one picture the
 * stylesheet sets, the date field's calendar button (Chrome's own is an SVG), is a PNG.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const css = fs.readFileSync("app/globals.css", "utf8");

describe("the stylesheet's pictures", () => {
  it("are never SVG", () => {
    expect(css).not.toMatch(/data:image\/svg|url\(["']?[^)"']*\.svg/i);
  });

  it("draw the date field's calendar button as a 48 × 48 PNG", () => {
    const rule = /::-webkit-calendar-picker-indicator\s*\{[^}]*url\("data:image\/png;base64,([A-Za-z0-9+/=]+)"\)/.exec(css);
    expect(rule).not.toBeNull();
    const png = Buffer.from(rule![1]!, "base64");
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString("ascii", 12, 16)).toBe("IHDR");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([48, 48]);
  });
});

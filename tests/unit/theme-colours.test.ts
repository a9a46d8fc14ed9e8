/**
 * Every colour of our palette a class names (`bg-ember-50`, `border-pine-300/40`…) is defined
 * in app/globals.css's theme. Tailwind makes no rule for an undefined shade, so such a class
 * silently does nothing: a warning drawn without its colour.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const css = fs.readFileSync("app/globals.css", "utf8");
const defined = new Set([...css.matchAll(/--color-([a-z]+-\d+):/g)].map((m) => m[1]));
const palettes = new Set([...defined].map((shade) => shade?.replace(/-\d+$/, "")));
const UTILITY = /\b(?:bg|text|border(?:-[trblxy])?|ring|ring-offset|divide|from|via|to|outline|fill|stroke|decoration|shadow|accent|caret|placeholder)-([a-z]+)-(\d+)\b/g;

describe("the palette", () => {
  it("is what the theme defines: birch, pine, lake and ember", () => {
    expect([...palettes].sort()).toEqual(["birch", "ember", "lake", "pine"]);
  });

  it("has every shade a class in app/ or components/ uses", () => {
    const files = execFileSync("git", ["ls-files", "app", "components", "lib"], { encoding: "utf8" })
      .split("\n")
      .filter((f) => /\.(tsx?|css)$/.test(f) && fs.existsSync(f));
    const missing: string[] = [];
    for (const file of files) {
      for (const [, palette, shade] of fs.readFileSync(file, "utf8").matchAll(UTILITY)) {
        if (palette && palettes.has(palette) && !defined.has(`${palette}-${shade}`)) missing.push(`${file}: ${palette}-${shade}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});

/** Defaults that live in separate programs (app, emulator, seed data, README) and must agree. */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SUGGESTED_PUBLISHABLE_KEY, SUGGESTED_SECRET_KEY } from "@/emulator/server/index";
import { EMULATOR_PUBLISHABLE_KEY, EMULATOR_SECRET_KEY, loadEnv } from "@/lib/env";
import { DEMO_USERS } from "@/prisma/seed/data";

const readme = fs.readFileSync("README.md", "utf8");

function readmeDefault(variable: string): string | undefined {
  const row = readme.split("\n").find((line) => line.startsWith(`| \`${variable}\` |`));
  return row?.split("|")[2]?.trim();
}

describe("defaults agree", () => {
  it("the keys `npm run emulator` suggests are the app's emulator keys, as in the README", () => {
    expect(SUGGESTED_SECRET_KEY).toBe(EMULATOR_SECRET_KEY);
    expect(SUGGESTED_PUBLISHABLE_KEY).toBe(EMULATOR_PUBLISHABLE_KEY);
    expect(readmeDefault("STRIPE_SECRET_KEY")).toContain(`\`${EMULATOR_SECRET_KEY}\``);
    expect(readmeDefault("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY")).toContain(`\`${EMULATOR_PUBLISHABLE_KEY}\``);
  });

  it("operator notifications go by default to the demo operator, as in the README", () => {
    const operator = DEMO_USERS.find((user) => user.role === "OPERATOR");
    expect(operator).toBeDefined();
    const env = loadEnv({ NODE_ENV: "test" });
    expect(env.OPERATOR_EMAIL).toBe(operator?.email);
    expect(readmeDefault("OPERATOR_EMAIL")).toContain(`\`${operator?.email}\``);
  });
});

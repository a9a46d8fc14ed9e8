import { describe, expect, it } from "vitest";
import { EnvError, loadEnv, isEmulatorMode, appUrl, databaseUrl } from "./env";

/** Made-up keys in the live format, built from parts so no scanner mistakes them for real secrets. */
const FAKE_LIVE_KEY = ["sk", "live", "abc"].join("_");
const FAKE_LIVE_PUBLISHABLE_KEY = ["pk", "live", "abc"].join("_");

function problems(source: Record<string, string>): string[] {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe("loadEnv", () => {
  it("defaults to the embedded database, the emulator and the outbox", () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(databaseUrl(env)).toBe("postgresql://postgres:postgres@localhost:54329/loyly");
    expect(env.STRIPE_MODE).toBe("emulator");
    expect(isEmulatorMode(env)).toBe(true);
    expect(env.STRIPE_SECRET_KEY).toMatch(/^sk_test_emulator/);
    expect(env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY).toMatch(/^pk_test_emulator/);
    expect(env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env).toMatchObject({
      CHARGE_LEAD_HOURS: 168,
      PAYMENT_GRACE_HOURS: 48,
      REQUEST_EXPIRY_HOURS: 144,
      REQUEST_EXPIRY_BEFORE_START_HOURS: 24,
      PLATFORM_FEE_BPS: 1000,
      TEST_CLOCK_ENABLED: false,
      UPLOAD_DIR: ".data/uploads",
    });
  });

  it("derives APP_URL from PORT and builds absolute links", () => {
    const env = loadEnv({ PORT: "4100" });
    expect(env.APP_URL).toBe("http://localhost:4100");
    expect(appUrl("/account/bookings", env)).toBe("http://localhost:4100/account/bookings");
    const prefixed = loadEnv({ APP_URL: "https://example.fi/loyly/" });
    expect(appUrl("/pay", prefixed)).toBe("https://example.fi/loyly/pay");
  });

  it("names the variable of every bad value", () => {
    expect(problems({ PORT: "eighty" })).toEqual(["PORT"]);
    expect(problems({ DATABASE_URL: "mysql://x" })).toEqual(["DATABASE_URL"]);
    expect(problems({ PLATFORM_FEE_BPS: "20000", CHARGE_LEAD_HOURS: "-1" }).sort()).toEqual([
      "CHARGE_LEAD_HOURS",
      "PLATFORM_FEE_BPS",
    ]);
    expect(problems({ TEST_CLOCK_ENABLED: "perhaps" })).toEqual(["TEST_CLOCK_ENABLED"]);
    expect(problems({ STRIPE_WEBHOOK_SECRET: "secret" })).toEqual(["STRIPE_WEBHOOK_SECRET"]);
  });

  it("requires secrets in production, but not while building", () => {
    expect(problems({ NODE_ENV: "production" }).sort()).toEqual(["CRON_SECRET", "NEXTAUTH_SECRET"]);
    expect(() => loadEnv({ NODE_ENV: "production" }, { building: true })).not.toThrow();
    const env = loadEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32), CRON_SECRET: "y".repeat(32) });
    expect(env.NEXTAUTH_SECRET).toBe("x".repeat(32));
  });

  it("uses real Stripe with a real key, and needs the publishable key with it", () => {
    expect(problems({ STRIPE_SECRET_KEY: "sk_test_abc" })).toEqual(["NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"]);
    const env = loadEnv({ STRIPE_SECRET_KEY: "sk_test_abc", NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "pk_test_abc" });
    expect(env.STRIPE_MODE).toBe("stripe");
    expect(env.STRIPE_WEBHOOK_SECRET).toBeUndefined();
  });

  it("refuses the test clock together with a live key", () => {
    expect(
      problems({
        STRIPE_SECRET_KEY: FAKE_LIVE_KEY,
        NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: FAKE_LIVE_PUBLISHABLE_KEY,
        TEST_CLOCK_ENABLED: "1",
      }),
    ).toEqual(["TEST_CLOCK_ENABLED"]);
    expect(problems({ STRIPE_SECRET_KEY: FAKE_LIVE_KEY, NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "pk_test_abc" })).toEqual([
      "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
    ]);
  });
});

describe("photo storage (S3_*) and the Stripe rate limit's scope", () => {
  it("keeps photos on disk unless S3_BUCKET is set, and shares the rate limit by default", () => {
    const env = loadEnv({});
    expect(env.S3).toBeNull();
    expect(env.STRIPE_RATE_LIMIT_SCOPE).toBe("shared");
    expect(problems({ STRIPE_RATE_LIMIT_SCOPE: "cluster" })).toEqual(["STRIPE_RATE_LIMIT_SCOPE"]);
  });

  it("reads a bucket with its region, endpoint, keys, path style and prefix", () => {
    const env = loadEnv({
      S3_BUCKET: "loyly-photos",
      S3_REGION: "auto",
      S3_ENDPOINT: "https://acc.r2.cloudflarestorage.com",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "yes",
      S3_PREFIX: "prod/photos",
    });
    expect(env.S3).toEqual({
      bucket: "loyly-photos",
      region: "auto",
      endpoint: "https://acc.r2.cloudflarestorage.com",
      credentials: { accessKeyId: "id", secretAccessKey: "secret" },
      forcePathStyle: true,
      prefix: "prod/photos",
    });
    // No keys: the SDK's default credential chain (an instance role).
    expect(loadEnv({ S3_BUCKET: "loyly-photos", S3_REGION: "eu-north-1" }).S3?.credentials).toBeUndefined();
  });

  it("names each bad or missing S3 variable", () => {
    expect(problems({ S3_BUCKET: "loyly-photos" })).toEqual(["S3_REGION"]);
    expect(problems({ S3_BUCKET: "Loyly_Photos", S3_REGION: "auto" })).toEqual(["S3_BUCKET"]);
    expect(problems({ S3_BUCKET: "loyly-photos", S3_REGION: "auto", S3_ENDPOINT: "ftp://x" })).toEqual(["S3_ENDPOINT"]);
    expect(problems({ S3_BUCKET: "loyly-photos", S3_REGION: "auto", S3_ACCESS_KEY_ID: "id" })).toEqual(["S3_SECRET_ACCESS_KEY"]);
    expect(problems({ S3_BUCKET: "loyly-photos", S3_REGION: "auto", S3_PREFIX: "/photos/" })).toEqual(["S3_PREFIX"]);
    expect(problems({ S3_REGION: "auto", S3_ENDPOINT: "http://localhost:9000" })).toEqual(["S3_REGION", "S3_ENDPOINT"]);
  });
});

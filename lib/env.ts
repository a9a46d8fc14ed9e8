/**
 * The one validated environment of Löyly (server side).
 *
 * - Unset `DATABASE_URL` → the embedded PostgreSQL that `npm run dev` / `npm start` run.
 * - Unset `STRIPE_SECRET_KEY` → the local Stripe emulator (`emulator/`) with emulator keys.
 * - Unset `SMTP_URL` → emails stay in the outbox table.
 * - Secrets (`NEXTAUTH_SECRET`, `CRON_SECRET`) have development defaults, and are
 *   required when `NODE_ENV=production` (the start script generates and persists local ones).
 *
 * `next.config.js` calls `loadEnv()` so a bad environment stops the server at start with a
 * message naming the variable. Everything else reads the lazily validated `env`.
 *
 * This module must stay importable from next.config, scripts and tests: no `server-only`,
 * no Next imports.
 */
import path from "node:path";
import { z } from "zod";

export const EMULATOR_SECRET_KEY = "sk_test_emulator_loyly";
export const EMULATOR_PUBLISHABLE_KEY = "pk_test_emulator_loyly";
export const DEV_WEBHOOK_SECRET = "whsec_loyly_dev_emulator_secret";
export const DEFAULT_EMBEDDED_POSTGRES_PORT = 54329;
const DEV_NEXTAUTH_SECRET = "loyly-development-secret-not-for-production";
const DEV_CRON_SECRET = "loyly-dev-cron-secret";
const BUILD_PLACEHOLDER = "build-time-placeholder";

/** Thrown when the environment is invalid; the message names every bad variable. */
export class EnvError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(
      "Invalid environment:\n" +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

const emptyAsUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());

function positiveInt(fallback: number) {
  return z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be a whole number" }).int().positive().default(fallback));
}
function nonNegativeInt(fallback: number) {
  return z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be a whole number" }).int().nonnegative().default(fallback));
}
const port = (fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be a whole number" }).int().min(1).max(65535).default(fallback));

function flag(fallback: boolean) {
  return z.preprocess(
    (value) => (typeof value === "string" ? emptyAsUndefined(value.toLowerCase()) : value),
    z
      .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
        error: "expected 1/0, true/false, yes/no or on/off",
      })
      .optional()
      .transform((v) => (v === undefined ? fallback : ["1", "true", "yes", "on"].includes(v))),
  );
}

const schema = z.object({
  NODE_ENV: z.preprocess(
    emptyAsUndefined,
    z.enum(["development", "production", "test"]).default("development"),
  ),
  /** Root of local state: embedded Postgres, emulator state, generated secrets, test clock. */
  LOYLY_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),

  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
      .optional(),
  ),
  EMBEDDED_POSTGRES_PORT: port(DEFAULT_EMBEDDED_POSTGRES_PORT),

  PORT: port(3000),
  APP_URL: optionalUrl,

  NEXTAUTH_SECRET: optionalString.pipe(
    z.string().min(16, "must be at least 16 characters").optional(),
  ),

  STRIPE_SECRET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, "must start with sk_test_, sk_live_, rk_test_ or rk_live_")
      .optional(),
  ),
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^pk_(test|live)_/, "must start with pk_test_ or pk_live_")
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalString.pipe(
    z.string().startsWith("whsec_", "must start with whsec_").optional(),
  ),
  /**
   * The signing secret of a Connect webhook endpoint (events of connected accounts, such as
   * account.updated), when Stripe delivers them to a second endpoint with a secret of its own.
   */
  STRIPE_CONNECT_WEBHOOK_SECRET: optionalString.pipe(
    z.string().startsWith("whsec_", "must start with whsec_").optional(),
  ),
  STRIPE_EMULATOR_PORT: port(12111),
  STRIPE_EMULATOR_URL: optionalUrl,
  STRIPE_RATE_LIMIT_PER_SECOND: positiveInt(20),
  /** "shared": one limit for all instances, kept in PostgreSQL; "instance": each process its own. */
  STRIPE_RATE_LIMIT_SCOPE: z.preprocess(emptyAsUndefined, z.enum(["shared", "instance"], { error: "expected shared or instance" }).default("shared")),

  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  EMAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default("Löyly <no-reply@loyly.local>")),
  OPERATOR_EMAIL: z.preprocess(emptyAsUndefined, z.email().default("operator@loyly.test")),

  CRON_SECRET: optionalString.pipe(
    z.string().min(16, "must be at least 16 characters").optional(),
  ),
  SCHEDULER_ENABLED: flag(true),

  UPLOAD_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data/uploads")),
  /** Photos in S3-compatible object storage (S3, R2, MinIO) when set; else on disk in UPLOAD_DIR. */
  S3_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name: 3-63 lower-case letters, digits, dots or hyphens")
      .optional(),
  ),
  S3_REGION: optionalString.pipe(z.string().regex(/^[a-z0-9-]{2,40}$/, "must be a region such as eu-north-1 (R2: auto)").optional()),
  S3_ENDPOINT: optionalUrl.pipe(z.string().regex(/^https?:\/\//, "must be an http:// or https:// URL").optional()),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: flag(false),
  S3_PREFIX: optionalString.pipe(z.string().regex(/^[\w.-]+(\/[\w.-]+)*$/, "must be a key prefix such as photos or env/photos (no leading or trailing slash)").optional()),

  CHARGE_LEAD_HOURS: positiveInt(168),
  PAYMENT_GRACE_HOURS: positiveInt(48),
  REQUEST_EXPIRY_HOURS: positiveInt(144),
  REQUEST_EXPIRY_BEFORE_START_HOURS: positiveInt(24),
  PLATFORM_FEE_BPS: nonNegativeInt(1000).pipe(z.number().max(10_000, "must be at most 10000 (100 %)")),
  /** A booking's money is paid out to its host this many days after the booking ends. */
  PAYOUT_DELAY_DAYS: nonNegativeInt(2).pipe(z.number().max(60, "must be at most 60 (Stripe holds funds for at most 90 days)")),
  /** The cancellation policy of listings whose host has not chosen one. */
  DEFAULT_CANCELLATION_POLICY: z.preprocess(
    (value) => (typeof value === "string" ? emptyAsUndefined(value.trim().toUpperCase()) : value),
    z.enum(["FLEXIBLE", "MODERATE", "STRICT"], { error: "expected flexible, moderate or strict" }).default("MODERATE"),
  ),
  /** VAT included in every price, in basis points (2550 = 25.5 %), shown on receipts. */
  VAT_RATE_BPS: nonNegativeInt(2550).pipe(z.number().max(10_000, "must be at most 10000 (100 %)")),

  TEST_CLOCK_ENABLED: flag(false),

  /** Failed sign-ins per account (e-mail) within SIGN_IN_WINDOW_MINUTES before it is locked. */
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
  /** Failed sign-ins per client address within SIGN_IN_WINDOW_MINUTES before it is locked. */
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: positiveInt(20),
  SIGN_IN_WINDOW_MINUTES: positiveInt(15),
  /** The first lock; each further lock in a row lasts twice as long, up to 24 hours. */
  SIGN_IN_LOCK_MINUTES: positiveInt(15),
  /** Sign-ups per client address within SIGN_UP_WINDOW_MINUTES. */
  SIGN_UP_MAX_PER_ADDRESS: positiveInt(20),
  /** Sign-ups per e-mail address within SIGN_UP_WINDOW_MINUTES (each one sends an e-mail). */
  SIGN_UP_MAX_PER_EMAIL: positiveInt(5),
  SIGN_UP_WINDOW_MINUTES: positiveInt(60),
});

type Parsed = z.infer<typeof schema>;

export type Env = Omit<
  Parsed,
  | "APP_URL"
  | "NEXTAUTH_SECRET"
  | "CRON_SECRET"
  | "STRIPE_SECRET_KEY"
  | "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY"
  | "STRIPE_EMULATOR_URL"
  | "STRIPE_WEBHOOK_SECRET"
> & {
  APP_URL: string;
  NEXTAUTH_SECRET: string;
  CRON_SECRET: string;
  STRIPE_SECRET_KEY: string;
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: string;
  STRIPE_EMULATOR_URL: string;
  /** Unset only with real Stripe keys and no secret: the webhook route must then refuse. */
  STRIPE_WEBHOOK_SECRET: string | undefined;
  /** "emulator" when no STRIPE_SECRET_KEY is configured (or an emulator key is). */
  STRIPE_MODE: "emulator" | "stripe";
  /** Absolute path of LOYLY_DATA_DIR. */
  DATA_DIR: string;
  /** Object storage for photos, when S3_BUCKET is set. */
  S3: S3Settings | null;
};

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  /** Absent: the AWS SDK's default credential chain (instance role, AWS_* variables). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
  prefix: string;
}

export interface LoadEnvOptions {
  /** True while `next build` runs: production secrets are not needed to compile. */
  building?: boolean;
}

type Source = Record<string, string | undefined>;

/** Validates `source` (default `process.env`); throws EnvError naming every bad variable. */
export function loadEnv(source: Source = process.env, options: LoadEnvOptions = {}): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "(environment)"),
        message: issue.message,
      })),
    );
  }
  const parsed = result.data;
  const problems: { variable: string; message: string }[] = [];
  const building = options.building ?? isBuildPhase(source);
  const production = parsed.NODE_ENV === "production";

  function secret(variable: "NEXTAUTH_SECRET" | "CRON_SECRET", devDefault: string): string {
    const value = parsed[variable];
    if (value) return value;
    if (!production) return devDefault;
    if (building) return BUILD_PLACEHOLDER;
    problems.push({ variable, message: "is required when NODE_ENV=production" });
    return "";
  }

  const stripeMode: Env["STRIPE_MODE"] =
    !parsed.STRIPE_SECRET_KEY || parsed.STRIPE_SECRET_KEY.startsWith("sk_test_emulator")
      ? "emulator"
      : "stripe";
  const secretKey = parsed.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY;
  const publishableKey =
    parsed.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY ??
    (stripeMode === "emulator" ? EMULATOR_PUBLISHABLE_KEY : undefined);
  if (!publishableKey) {
    problems.push({
      variable: "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
      message: "is required when STRIPE_SECRET_KEY is set",
    });
  }
  const live = secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_");
  if (live && parsed.TEST_CLOCK_ENABLED) {
    problems.push({
      variable: "TEST_CLOCK_ENABLED",
      message: "cannot be enabled together with a live STRIPE_SECRET_KEY",
    });
  }
  if (publishableKey && live !== publishableKey.startsWith("pk_live_")) {
    problems.push({
      variable: "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
      message: "must be in the same mode (test/live) as STRIPE_SECRET_KEY",
    });
  }

  const s3 = s3Settings(parsed, problems);
  const nextauthSecret = secret("NEXTAUTH_SECRET", DEV_NEXTAUTH_SECRET);
  const cronSecret = secret("CRON_SECRET", DEV_CRON_SECRET);
  if (problems.length > 0) throw new EnvError(problems);

  return {
    ...parsed,
    APP_URL: stripTrailingSlash(parsed.APP_URL ?? `http://localhost:${parsed.PORT}`),
    NEXTAUTH_SECRET: nextauthSecret,
    CRON_SECRET: cronSecret,
    STRIPE_MODE: stripeMode,
    STRIPE_SECRET_KEY: secretKey,
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: publishableKey ?? "",
    STRIPE_WEBHOOK_SECRET:
      parsed.STRIPE_WEBHOOK_SECRET ?? (stripeMode === "emulator" ? DEV_WEBHOOK_SECRET : undefined),
    STRIPE_EMULATOR_URL: stripTrailingSlash(
      parsed.STRIPE_EMULATOR_URL ?? `http://localhost:${parsed.STRIPE_EMULATOR_PORT}`,
    ),
    DATA_DIR: path.resolve(parsed.LOYLY_DATA_DIR),
    S3: s3,
  };
}

/** The S3 group: all or nothing around S3_BUCKET, keys in pairs. */
function s3Settings(parsed: Parsed, problems: { variable: string; message: string }[]): S3Settings | null {
  const others = (["S3_REGION", "S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX"] as const).filter((v) => parsed[v] !== undefined);
  if (!parsed.S3_BUCKET) {
    for (const variable of others) problems.push({ variable, message: "is set but S3_BUCKET is not: set S3_BUCKET to store photos in object storage, or unset it" });
    return null;
  }
  if (!parsed.S3_REGION) problems.push({ variable: "S3_REGION", message: "is required when S3_BUCKET is set (R2: auto)" });
  const id = parsed.S3_ACCESS_KEY_ID;
  const key = parsed.S3_SECRET_ACCESS_KEY;
  if (Boolean(id) !== Boolean(key)) {
    problems.push({ variable: id ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID", message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither for the default credential chain" });
  }
  return {
    bucket: parsed.S3_BUCKET,
    region: parsed.S3_REGION ?? "",
    endpoint: parsed.S3_ENDPOINT,
    credentials: id && key ? { accessKeyId: id, secretAccessKey: key } : undefined,
    forcePathStyle: parsed.S3_FORCE_PATH_STYLE,
    prefix: parsed.S3_PREFIX ?? "",
  };
}

function isBuildPhase(source: Source): boolean {
  return source.NEXT_PHASE === "phase-production-build";
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

let cached: Env | undefined;

/** The validated environment, parsed on first use and cached. */
export function getEnv(): Env {
  cached ??= loadEnv(process.env);
  return cached;
}

/** For tests that change process.env: forget the cached parse. */
export function resetEnvCache(): void {
  cached = undefined;
}

/**
 * The validated environment. Validation happens on first property access, so importing
 * this module never throws; reading a value from a bad environment does (EnvError).
 */
export const env: Readonly<Env> = new Proxy({} as Env, {
  get: (_target, key) => getEnv()[key as keyof Env],
  has: (_target, key) => key in getEnv(),
  ownKeys: () => Reflect.ownKeys(getEnv()),
  getOwnPropertyDescriptor: (_target, key) => ({
    value: getEnv()[key as keyof Env],
    enumerable: true,
    configurable: true,
  }),
});

/** True when Stripe calls go to the local emulator rather than api.stripe.com. */
export function isEmulatorMode(e: Pick<Env, "STRIPE_MODE"> = getEnv()): boolean {
  return e.STRIPE_MODE === "emulator";
}

/** The URL of the embedded PostgreSQL that the dev/start scripts run. */
export function embeddedDatabaseUrl(port: number = getEnv().EMBEDDED_POSTGRES_PORT): string {
  return `postgresql://postgres:postgres@localhost:${port}/loyly`;
}

/** DATABASE_URL, or the embedded PostgreSQL's URL when it is unset. */
export function databaseUrl(e: Pick<Env, "DATABASE_URL" | "EMBEDDED_POSTGRES_PORT"> = getEnv()): string {
  return e.DATABASE_URL ?? embeddedDatabaseUrl(e.EMBEDDED_POSTGRES_PORT);
}

/** An absolute URL of the app for links in emails and redirects: appUrl("/account"). */
export function appUrl(pathname = "/", e: Pick<Env, "APP_URL"> = getEnv()): string {
  return new URL(pathname.replace(/^\/+/, ""), e.APP_URL + "/").toString();
}

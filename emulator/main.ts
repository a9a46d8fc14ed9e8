/** `npm run emulator`: the Stripe emulator as a program of its own. */
import { SUGGESTED_PUBLISHABLE_KEY, SUGGESTED_SECRET_KEY, startEmulator } from "./server/index.js";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return n;
}

const port = intEnv("STRIPE_EMULATOR_PORT", 12111);
const host = process.env.STRIPE_EMULATOR_HOST || "127.0.0.1";
const dataDir = process.env.STRIPE_EMULATOR_DATA_DIR || ".data/stripe-emulator";
const publicUrl = process.env.STRIPE_EMULATOR_PUBLIC_URL || `http://localhost:${port}`;
const webhookUrl = process.env.STRIPE_EMULATOR_WEBHOOK_URL;
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
if (webhookUrl && !webhookSecret?.startsWith("whsec_")) {
  console.error("STRIPE_EMULATOR_WEBHOOK_URL is set: STRIPE_WEBHOOK_SECRET must be set too (whsec_…)");
  process.exit(1);
}

const emulator = await startEmulator({
  port,
  host,
  dataDir,
  publicUrl,
  webhooks: webhookUrl && webhookSecret ? [{ url: webhookUrl, secret: webhookSecret }] : [],
  webhookSettings: { retryBaseMs: intEnv("STRIPE_EMULATOR_WEBHOOK_RETRY_BASE_MS", 1000) },
  refundTransitionMs: intEnv("STRIPE_EMULATOR_REFUND_DELAY_MS", 1500),
  payoutTransitionMs: intEnv("STRIPE_EMULATOR_PAYOUT_DELAY_MS", 2000),
});

console.log(`Stripe emulator listening on ${emulator.url} (public URL ${publicUrl}, data in ${dataDir})
  Any well-formed test key works. Suggested:
    STRIPE_SECRET_KEY=${SUGGESTED_SECRET_KEY}
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=${SUGGESTED_PUBLISHABLE_KEY}
  ${webhookUrl ? `Webhooks → ${webhookUrl} (signed with STRIPE_WEBHOOK_SECRET)` : "No webhook endpoint configured (set STRIPE_EMULATOR_WEBHOOK_URL + STRIPE_WEBHOOK_SECRET, or POST /v1/webhook_endpoints)"}
  Node SDK: new Stripe(key, { host: "${new URL(emulator.url).hostname}", port: ${emulator.port}, protocol: "http" })
  Stripe.js: ${publicUrl}/stripe-js/v3.js`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void emulator.close().then(() => process.exit(0));
  });
}

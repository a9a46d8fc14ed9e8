/**
 * The Stripe emulator for `npm run db:seed` / `db:reset`: the one already running at
 * STRIPE_EMULATOR_URL (a running `npm run dev`), or one started for the command on the same
 * port and data dir, so the demo bookings' Stripe objects live where the app will look.
 * With a real STRIPE_SECRET_KEY there is none: only users and saunas are seeded.
 */
import path from "node:path";
import { EmulatorControl } from "@/emulator/client";
import { getEnv } from "@/lib/env";
import { createStripe } from "@/lib/stripe/client";
import type { DemoStripe } from "./bookings";

export async function withDemoStripe<T>(run: (stripe: DemoStripe | undefined) => Promise<T>): Promise<T> {
  const env = getEnv();
  if (env.STRIPE_MODE !== "emulator") return run(undefined);
  const demo = (): DemoStripe => ({
    stripe: createStripe(env, { maxNetworkRetries: 1 }),
    control: new EmulatorControl(env.STRIPE_EMULATOR_URL, env.STRIPE_SECRET_KEY),
  });
  const running = await new EmulatorControl(env.STRIPE_EMULATOR_URL, env.STRIPE_SECRET_KEY)
    .health()
    .then((h) => h.ok)
    .catch(() => false);
  if (running) return run(demo());
  const { startEmulator } = await import("@/emulator/server/index");
  const emulator = await startEmulator({
    port: env.STRIPE_EMULATOR_PORT,
    host: "127.0.0.1",
    dataDir: path.join(env.DATA_DIR, "stripe-emulator"),
    publicUrl: env.STRIPE_EMULATOR_URL,
    quiet: true,
  });
  try {
    return await run(demo());
  } finally {
    await emulator.close();
  }
}

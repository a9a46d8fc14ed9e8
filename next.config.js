// @ts-check
import { PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { tsImport } from "tsx/esm/api";

/**
 * Validates the environment before anything else: a bad value stops `next dev`,
 * `next build` and `next start` with a message naming the variable (lib/env.ts).
 * lib/env.ts is TypeScript and Node cannot import it on its own, so it is loaded through
 * tsx, which `npm run dev` / `npm start` run on anyway.
 *
 * @param {string} phase
 */
export default async function nextConfig(phase) {
  /** @type {typeof import("./lib/env")} */
  const { loadEnv } = await tsImport("./lib/env.ts", import.meta.url);
  const env = loadEnv(process.env, { building: phase === PHASE_PRODUCTION_BUILD });

  /** @type {import('next').NextConfig} */
  const config = {
    reactStrictMode: true,
    // `next build` type-checks the app (app/, components/, lib/, proxy.ts);
    // `npm run typecheck` checks the whole repository, tests, scripts and emulator included.
    typescript: { tsconfigPath: "tsconfig.build.json" },
    poweredByHeader: false,
    experimental: {
      // `"use cache"` for the public pages' listing data (lib/listings/public-cache.ts),
      // without the rest of Cache Components: every page still renders per request, for
      // its CSP nonce (proxy.ts).
      useCache: true,
      // Listing photos are uploaded through a server action; the form and the server both
      // refuse files over 5 MB (lib/listings/uploads.ts), so allow a little more than that.
      serverActions: { bodySizeLimit: "6mb" },
    },
    // Node-only packages: keep them out of the server bundles, load them from node_modules.
    // `stripe` too, so the server has one copy of the SDK and `instanceof
    // Stripe.errors.StripeError` holds for errors it throws.
    serverExternalPackages: ["pg", "@prisma/adapter-pg", "nodemailer", "bcryptjs", "stripe", "pdfkit"],
    // Inlined into the browser bundle at build time; lib/env.ts fills the emulator default.
    env: {
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,
    },
  };
  return config;
}

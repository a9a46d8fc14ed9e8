/**
 * Loads `.env`, `.env.local`, `.env.development|production[.local]` into process.env the
 * way Next.js does (its own loader), so the scripts and the app see the same settings.
 * Variables already in the environment win.
 */
import nextEnv from "@next/env";

export function loadDotenv(mode: "development" | "production" = "development"): string[] {
  const { loadedEnvFiles } = nextEnv.loadEnvConfig(process.cwd(), mode === "development", {
    info: () => {},
    error: (...args: unknown[]) => console.error(...args),
  });
  return loadedEnvFiles.map((f) => f.path);
}

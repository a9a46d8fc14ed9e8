/**
 * Local secrets for a machine without configuration: generated once and kept in
 * <LOYLY_DATA_DIR>/secrets.json (mode 600), so sessions and webhook signatures stay valid
 * across restarts. Values from the environment always win.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const secretsSchema = z.object({
  NEXTAUTH_SECRET: z.string().min(16),
  CRON_SECRET: z.string().min(16),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_"),
});
export type LocalSecrets = z.infer<typeof secretsSchema>;

function generate(): LocalSecrets {
  return {
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    CRON_SECRET: randomBytes(24).toString("base64url"),
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64url")}`,
  };
}

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  try {
    const parsed = secretsSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
  }
  const secrets = generate();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  return secrets;
}

/** The secrets to hand to Next: environment first, local file second. */
export function resolveSecrets(
  source: Record<string, string | undefined>,
  dataDir: string,
): LocalSecrets {
  const local = loadLocalSecrets(dataDir);
  const pick = (key: keyof LocalSecrets) => (source[key]?.trim() ? (source[key] as string) : local[key]);
  return {
    NEXTAUTH_SECRET: pick("NEXTAUTH_SECRET"),
    CRON_SECRET: pick("CRON_SECRET"),
    STRIPE_WEBHOOK_SECRET: pick("STRIPE_WEBHOOK_SECRET"),
  };
}

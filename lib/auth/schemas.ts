import { z } from "zod";
import { text } from "@/lib/validation";
import { PASSWORD_MIN_LENGTH } from "./password-rules";

export { PASSWORD_RULES } from "./password-rules";

export const SIGN_UP_ROLES = ["CUSTOMER", "PROVIDER"] as const;

export const emailSchema = text({ error: "Enter your e-mail address." })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid e-mail address." }).max(254));

export const newPasswordSchema = text({ error: "Choose a password." })
  .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters.` })
  .max(128, { error: "Use at most 128 characters." })
  .refine((p) => /\p{L}/u.test(p), { error: "Include at least one letter." })
  .refine((p) => /\d/.test(p), { error: "Include at least one digit." });

export const signUpSchema = z.object({
  name: text({ error: "Enter your name." }).trim().min(1, { error: "Enter your name." }).max(100),
  email: emailSchema,
  password: newPasswordSchema,
  role: z.enum(SIGN_UP_ROLES, { error: "Choose how you will use Löyly." }),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const credentialsSchema = z.object({
  email: emailSchema,
  password: text().min(1).max(128),
});

export const signUpLinkSchema = z.object({
  // The link's token: base64url of random bytes (lib/auth/sign-up.ts), nothing else.
  token: z.string().regex(/^[A-Za-z0-9_-]{20,200}$/, "This link is not valid."),
});

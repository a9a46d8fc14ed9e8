"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions/form-state";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "The e-mail or password is not right.",
  SessionRequired: "Please sign in to continue.",
};

const MESSAGE_ID = "sign-in-message";

const FAILED = "Signing in failed. Please try again.";

/** An error code in the page's address: anybody can write one, so only known codes are shown. */
function messageForCode(code: string): string {
  return MESSAGES[code] ?? FAILED;
}

/** The sign-in's own answer: a code, or the server's message (a lock says how long it lasts). */
function messageForAnswer(error: string): string {
  return MESSAGES[error] ?? (error.length < 200 ? error : FAILED);
}

/** Credentials sign-in through next-auth; a failed attempt keeps the e-mail, never the password. */
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [state, formAction] = useActionState(
    async (_previous: FormState, formData: FormData): Promise<FormState> => {
      const email = String(formData.get("email") ?? "").trim();
      const password = String(formData.get("password") ?? "");
      const fieldErrors: Record<string, string[]> = {};
      if (!email) fieldErrors.email = ["Enter your e-mail address."];
      if (!password) fieldErrors.password = ["Enter your password."];
      if (Object.keys(fieldErrors).length > 0) {
        return { ok: false, message: "Please fill in both fields.", fieldErrors, values: { email } };
      }
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result?.ok || result.error) {
        return { ok: false, message: messageForAnswer(result?.error ?? "CredentialsSignin"), fieldErrors: {}, values: { email } };
      }
      router.push(callbackUrl);
      router.refresh();
      return { ok: true, message: "Signed in. Taking you there…" };
    },
    initialError ? { ok: false, message: messageForCode(initialError), fieldErrors: {}, values: {} } : null,
  );
  const errors = state && !state.ok ? state.fieldErrors : {};
  // Refused credentials (or a lock): both fields are marked and described by the message.
  const refused = state && !state.ok && Object.keys(state.fieldErrors).length === 0;
  const refusedProps = refused ? ({ "aria-invalid": true, "aria-describedby": MESSAGE_ID } as const) : {};
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} id={MESSAGE_ID} />
      <TextField
        name="email"
        type="email"
        label="E-mail"
        autoComplete="email"
        required
        defaultValue={state && !state.ok ? state.values.email : undefined}
        error={errors.email?.[0]}
        {...refusedProps}
      />
      <TextField
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        error={errors.password?.[0]}
        {...refusedProps}
      />
      <SubmitButton pendingText="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </form>
  );
}

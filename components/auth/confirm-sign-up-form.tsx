"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/actions/form-state";
import { SIGN_UP_LINK_PROVIDER } from "@/lib/auth/providers";

/** Creates the account of a sign-up link and signs it in (next-auth's sign-up-link provider). */
export function ConfirmSignUpForm({ token, next }: { token: string; next: string }) {
  const router = useRouter();
  const [state, formAction] = useActionState(async (): Promise<FormState> => {
    const result = await signIn(SIGN_UP_LINK_PROVIDER, { token, redirect: false });
    if (!result?.ok || result.error) {
      const message = result?.error && result.error !== "CredentialsSignin" && result.error.length < 200 ? result.error : "This link does not work any more. Sign up again to get a new one.";
      return { ok: false, message, fieldErrors: {}, values: {} };
    }
    router.push(next);
    router.refresh();
    return { ok: true, message: "Your account is ready. Taking you there…" };
  }, null);
  return (
    <form action={formAction} className="space-y-5">
      <FormMessage state={state} />
      <SubmitButton pendingText="Creating your account…" className="w-full">
        Create my account
      </SubmitButton>
    </form>
  );
}

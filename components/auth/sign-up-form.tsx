"use client";
import Link from "@/components/ui/link";
import { useActionState, useEffect, useRef } from "react";
import { FieldError, TextField, fieldId } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, submittedValue, type FormState } from "@/lib/actions/form-state";
import { PASSWORD_RULES } from "@/lib/auth/password-rules";

type SignUpAction = (state: FormState<{ email: string }>, formData: FormData) => Promise<FormState<{ email: string }>>;

/**
 * Sign-up. The answer is the same whether the address is new or already registered: check
 * your e-mail. A new address gets a link that finishes the sign-up; a registered one a note.
 */
export function SignUpForm({ signUp, callbackUrl }: { signUp: SignUpAction; callbackUrl: string | null }) {
  const [state, formAction] = useActionState(signUp, null);
  const sent = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state?.ok) sent.current?.focus();
  }, [state]);

  if (state?.ok) {
    return (
      <div ref={sent} tabIndex={-1} role="status" aria-labelledby="sign-up-sent-title" className="space-y-3 rounded-2xl border border-birch-200 bg-white p-5">
        <h2 id="sign-up-sent-title" className="text-xl font-semibold">
          {state.message}
        </h2>
        <p>
          We sent a message to <strong>{state.data?.email}</strong>. Open the link in it to finish creating your account.
        </p>
        <p className="text-sm text-pine-700">
          It can take a minute to arrive; look in the spam folder too. If you already have an account with this address, the
          message says so — then just <Link href="/sign-in">sign in</Link>.
        </p>
      </div>
    );
  }

  const role = submittedValue(state, "role") ?? "CUSTOMER";
  const roleError = fieldError(state, "role");
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <TextField name="name" label="Name" autoComplete="name" required defaultValue={submittedValue(state, "name")} error={fieldError(state, "name")} />
      <TextField
        name="email"
        type="email"
        label="E-mail"
        autoComplete="email"
        required
        defaultValue={submittedValue(state, "email")}
        error={fieldError(state, "email")}
      />
      <TextField
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        hint={PASSWORD_RULES}
        error={fieldError(state, "password")}
      />
      <fieldset aria-describedby={roleError ? `${fieldId("role")}-error` : undefined} className="space-y-2">
        <legend className="text-sm font-medium text-pine-800">I want to</legend>
        <label className="flex items-start gap-3 rounded-lg border border-birch-300 bg-white p-3">
          <input type="radio" name="role" value="CUSTOMER" defaultChecked={role === "CUSTOMER"} className="mt-1" />
          <span>
            <span className="block font-medium">Book saunas</span>
            <span className="text-sm text-pine-600">A customer account.</span>
          </span>
        </label>
        <label className="flex items-start gap-3 rounded-lg border border-birch-300 bg-white p-3">
          <input type="radio" name="role" value="PROVIDER" defaultChecked={role === "PROVIDER"} className="mt-1" />
          <span>
            <span className="block font-medium">Rent out my sauna</span>
            <span className="text-sm text-pine-600">A provider account: list saunas and accept bookings.</span>
          </span>
        </label>
        <FieldError id={fieldId("role")} error={roleError} />
      </fieldset>
      <SubmitButton pendingText="Creating account…" className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}

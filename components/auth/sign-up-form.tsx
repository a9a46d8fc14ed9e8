"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { FieldError, TextField, fieldId } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, submittedValue, type FormState } from "@/lib/actions/form-state";
import { PASSWORD_RULES } from "@/lib/auth/password-rules";

type SignUpAction = (state: FormState, formData: FormData) => Promise<FormState>;

export function SignUpForm({ signUp, callbackUrl }: { signUp: SignUpAction; callbackUrl: string | null }) {
  const router = useRouter();
  const [state, formAction] = useActionState(async (previous: FormState, formData: FormData): Promise<FormState> => {
    const result = await signUp(previous, formData);
    if (!result?.ok) return result;
    const role = formData.get("role");
    const signedIn = await signIn("credentials", {
      email: String(formData.get("email") ?? ""),
      password: String(formData.get("password") ?? ""),
      redirect: false,
    });
    if (!signedIn?.ok) return { ok: true, message: "Your account is ready. Please sign in." };
    router.push(callbackUrl ?? (role === "PROVIDER" ? "/provider/listings" : "/search"));
    router.refresh();
    return result;
  }, null);

  const role = submittedValue(state, "role") ?? "CUSTOMER";
  const roleError = fieldError(state, "role");
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} />
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

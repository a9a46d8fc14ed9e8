import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { ConfirmSignUpForm } from "@/components/auth/confirm-sign-up-form";
import { findPendingSignUp } from "@/lib/auth/sign-up";
import { prisma } from "@/lib/db";

export const metadata: Metadata = { title: "Finish signing up" };

/**
 * The link of the sign-up e-mail. Opening it changes nothing (mail scanners open links);
 * the button creates the account and signs it in.
 */
export default async function ConfirmSignUpPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const pending = typeof token === "string" ? await findPendingSignUp(prisma, token) : null;
  return (
    <section className="mx-auto max-w-md" aria-labelledby="confirm-title">
      <h1 id="confirm-title" className="mb-2 text-3xl font-semibold">
        Finish signing up
      </h1>
      {pending && typeof token === "string" ? (
        <>
          <p className="mb-6 text-pine-700">
            Your e-mail address <strong>{pending.email}</strong> is confirmed. Create your{" "}
            {pending.role === "PROVIDER" ? "provider" : "customer"} account to continue.
          </p>
          <ConfirmSignUpForm
            token={token}
            next={pending.callbackPath ?? (pending.role === "PROVIDER" ? "/provider/listings" : "/search")}
          />
        </>
      ) : (
        <div role="alert" className="space-y-3">
          <p>This link has expired or was already used.</p>
          <p>
            <Link href="/sign-up">Sign up again</Link> to get a new one, or <Link href="/sign-in">sign in</Link> if your
            account is ready.
          </p>
        </div>
      )}
    </section>
  );
}

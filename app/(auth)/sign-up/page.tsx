import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentUser } from "@/lib/auth";
import { homePathFor, safeCallbackPath } from "@/lib/auth/roles";
import { signUp } from "./actions";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const user = await getCurrentUser();
  if (user) redirect(homePathFor(user.role));
  const target = callbackUrl ? safeCallbackPath(callbackUrl) : null;
  return (
    <section className="mx-auto max-w-md" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title" className="mb-2 text-3xl font-semibold">
        Create your account
      </h1>
      <p className="mb-6 text-pine-700">
        Already have one?{" "}
        <Link href={target ? `/sign-in?callbackUrl=${encodeURIComponent(target)}` : "/sign-in"}>Sign in</Link>
      </p>
      <SignUpForm signUp={signUp} callbackUrl={target} />
    </section>
  );
}

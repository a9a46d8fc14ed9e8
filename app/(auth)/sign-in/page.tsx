import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getCurrentUser } from "@/lib/auth";
import { homePathFor, safeCallbackPath } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  const user = await getCurrentUser();
  if (user) redirect(safeCallbackPath(callbackUrl, homePathFor(user.role)));
  // Without an explicit destination, land on the role's own pages (resolved after sign-in).
  const target = safeCallbackPath(callbackUrl, "/after-sign-in");
  return (
    <section className="mx-auto max-w-md" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" className="mb-2 text-3xl font-semibold">
        Sign in
      </h1>
      {target.startsWith("/book/") ? (
        <p className="mb-2 text-pine-800">Sign in or create an account to send your booking request: the time you chose is kept.</p>
      ) : null}
      <p className="mb-6 text-pine-700">
        New to Löyly? <Link href={`/sign-up?callbackUrl=${encodeURIComponent(target)}`}>Create an account</Link>
      </p>
      <SignInForm callbackUrl={target} initialError={error} />
    </section>
  );
}

import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth";
import { homePathFor } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Not available" };

export default async function ForbiddenPage() {
  const user = await getCurrentUser();
  return (
    <section className="mx-auto max-w-xl py-16 text-center" aria-labelledby="forbidden-title">
      <p className="text-sm font-semibold uppercase tracking-widest text-ember-700">403</p>
      <h1 id="forbidden-title" className="mt-2 text-3xl font-semibold">
        This page is not available to your account
      </h1>
      <p className="mt-4 text-pine-700">It belongs to another kind of account.</p>
      <div className="mt-8 flex justify-center">
        <ButtonLink href={user ? homePathFor(user.role) : "/"}>Back to your pages</ButtonLink>
      </div>
    </section>
  );
}

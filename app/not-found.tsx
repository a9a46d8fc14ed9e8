import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl py-16 text-center" aria-labelledby="not-found-title">
      <p className="text-sm font-semibold uppercase tracking-widest text-ember-700">404</p>
      <h1 id="not-found-title" className="mt-2 text-3xl font-semibold">
        Page not found
      </h1>
      <p className="mt-4 text-pine-700">The page you were looking for does not exist, or it has moved.</p>
      <div className="mt-8 flex justify-center gap-3">
        <ButtonLink href="/">Go to the home page</ButtonLink>
        <ButtonLink href="/search" variant="secondary">
          Find a sauna
        </ButtonLink>
      </div>
    </section>
  );
}

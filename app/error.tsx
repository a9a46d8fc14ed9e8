"use client";
import { useEffect } from "react";
import { Button, ButtonLink } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="mx-auto max-w-xl py-16 text-center" aria-labelledby="error-title">
      <h1 id="error-title" className="text-3xl font-semibold">
        Something went wrong
      </h1>
      <p className="mt-4 text-pine-700">
        We could not finish that. Please try again in a moment — nothing was changed if it did not succeed.
      </p>
      {error.digest ? <p className="mt-2 text-sm text-pine-600">Reference: {error.digest}</p> : null}
      <div className="mt-8 flex justify-center gap-3">
        <Button onClick={() => reset()}>Try again</Button>
        <ButtonLink href="/" variant="secondary">
          Go to the home page
        </ButtonLink>
      </div>
    </section>
  );
}

"use client";
import "./globals.css";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="bg-birch-50 font-sans text-pine-900">
        <main className="mx-auto max-w-xl px-4 py-24 text-center">
          <h1 className="text-3xl font-semibold">Löyly is having a moment</h1>
          <p className="mt-4">Something went wrong on our side. Please try again.</p>
          {error.digest ? <p className="mt-2 text-sm">Reference: {error.digest}</p> : null}
          <button
            type="button"
            onClick={() => reset()}
            className="mt-8 rounded-lg bg-pine-700 px-4 py-2 font-semibold text-white"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}

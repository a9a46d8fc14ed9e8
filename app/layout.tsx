import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { RouteFocus } from "@/components/layout/route-focus";
import { SiteHeader } from "@/components/layout/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Löyly — book a sauna", template: "%s · Löyly" },
  description: "Find and book private saunas across Finland.",
};

export const viewport: Viewport = { themeColor: "#244438" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: proxy.ts sets a fresh CSP nonce on each one, and Next.js
  // puts it on its scripts while rendering (a prerendered page would carry none).
  await connection();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-pine-800 px-4 py-2 text-white focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
        >
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none">
          {children}
        </main>
        <Suspense fallback={null}>
          <RouteFocus />
        </Suspense>
        <footer className="border-t border-birch-200 py-6 text-center text-sm text-pine-600">
          <p>Löyly — private saunas by the lake, by the sea, in the city.</p>
        </footer>
      </body>
    </html>
  );
}

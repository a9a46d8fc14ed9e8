/**
 * Runs before every request except Next's static files:
 * - security headers on every response (lib/security/headers.ts), with a fresh CSP nonce
 *   that the root layout hands to its scripts (Next adds it to its own from the request's
 *   Content-Security-Policy header);
 * - coarse routing: visitors are sent to sign in before the customer, provider and admin
 *   areas, and signed-in users of the wrong role to /forbidden. The real checks are in every
 *   page, server action and route handler (lib/auth, lib/actions).
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { ACTION_BODY_TOO_LARGE_MESSAGE, isOversizedActionRequest } from "@/lib/actions/limits";
import { secureCookiesFor } from "@/lib/auth/cookies";
import { areaFor } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { createNonce, NONCE_HEADER, securityHeaders } from "@/lib/security/headers";

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const here = pathname + search;
  const nonce = createNonce();
  const security = securityHeaders({
    nonce,
    stripe: env.STRIPE_MODE === "emulator" ? { mode: "emulator", emulatorUrl: env.STRIPE_EMULATOR_URL } : { mode: "stripe" },
    appUrl: env.APP_URL,
    development: process.env.NODE_ENV === "development",
  });
  const secured = (response: NextResponse) => {
    for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
    return response;
  };

  // Refused before Next reads the body (it would answer 500); a plain-text 413 is what
  // Next's client shows as the action's error message.
  if (isOversizedActionRequest(request.method, request.headers)) {
    return secured(new NextResponse(ACTION_BODY_TOO_LARGE_MESSAGE, { status: 413, headers: { "content-type": "text/plain" } }));
  }

  const area = areaFor(pathname);
  if (area) {
    const token = await getToken({ req: request, secret: env.NEXTAUTH_SECRET, secureCookie: secureCookiesFor(env.APP_URL) });
    if (!token) {
      const signIn = new URL("/sign-in", request.url);
      signIn.searchParams.set("callbackUrl", here);
      return secured(NextResponse.redirect(signIn));
    }
    if (!area.roles.includes(token.role)) {
      const forbidden = new URL("/forbidden", request.url);
      forbidden.searchParams.set("from", here);
      return secured(NextResponse.redirect(forbidden));
    }
  }

  // Tell server components where the request was going (for sign-in callbackUrl) and the
  // nonce; the CSP on the request is where Next.js reads the nonce for its own scripts.
  const headers = new Headers(request.headers);
  headers.set("x-loyly-path", here);
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", security["Content-Security-Policy"]!);
  return secured(NextResponse.next({ request: { headers } }));
}

export const config = {
  // Everything but Next's own immutable build files: pages, route handlers, uploads and the
  // bundled pictures all get the security headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

/**
 * Runs before every request except Next's static files:
 * - security headers on every response (lib/security/headers.ts), with a fresh CSP nonce
 *   (Next adds it to its scripts from the request's Content-Security-Policy header);
 * - the public pages (home, search, a listing) for visitors without a session, from this
 *   instance's HTML cache (emptied within a second of a change, on every instance) with the
 *   response's own nonce put in (lib/http/public-html-cache.ts), `Cache-Control: private,
 *   no-cache`; every other render of those pages is told the public pages' version, so it
 *   reads their cached data at that version (lib/listings/public-cache.ts);
 * - a request that calls a `"use cache"` function as if it were a server action is refused;
 * - coarse routing: visitors are sent to sign in before the customer, provider and admin
 *   areas, and signed-in users of the wrong role to /forbidden. The real checks are in every
 *   page, server action and route handler (lib/auth, lib/actions).
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { ACTION_BODY_TOO_LARGE_MESSAGE, isOversizedActionRequest } from "@/lib/actions/limits";
import { isCacheFunctionCall } from "@/lib/actions/references";
import { secureCookiesFor } from "@/lib/auth/cookies";
import { areaFor } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { createNonce, NONCE_HEADER, securityHeaders } from "@/lib/security/headers";
import {
  cachedPage,
  cacheablePublicPage,
  fetchForCache,
  followPublicPagesVersion,
  htmlWithNonce,
  isFillRequest,
  isPublicPagePath,
  placeholderNonce,
  publicPagesVersion,
  VERSION_HEADER,
} from "@/lib/http/public-html-cache";
import { readPublicPagesVersion } from "@/lib/http/public-pages-version";

/** Public pages for visitors: the browser may keep them but asks again each time. */
const PUBLIC_PAGE_CACHE_CONTROL = "private, no-cache";

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const here = pathname + search;
  // A render for the public pages' cache carries the placeholder that each answer replaces
  // with its own nonce (lib/http/public-html-cache.ts); everything else gets a fresh one.
  const fill = isFillRequest(request.headers);
  const nonce = fill ? placeholderNonce() : createNonce();
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
  // A cached function is no server action, whatever the request says (lib/actions/references.ts).
  if (isCacheFunctionCall(request.method, request.headers)) {
    return secured(new NextResponse("Not found", { status: 404, headers: { "content-type": "text/plain" } }));
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

  const publicPage =
    !fill &&
    cacheablePublicPage({
      method: request.method,
      headers: request.headers,
      pathname,
      searchParams: request.nextUrl.searchParams,
      cookieNames: request.cookies.getAll().map((c) => c.name),
    });
  if (publicPage) {
    await followPublicPagesVersion(() => readPublicPagesVersion());
    const page = await cachedPage(here, () => fetchForCache(request.nextUrl)).catch((error: unknown) => {
      console.error(`[proxy] filling the public page cache for ${here} failed:`, error);
      return null;
    });
    if (page) {
      const response = new NextResponse(htmlWithNonce(page, nonce), { status: page.status, headers: page.headers });
      response.headers.set("cache-control", PUBLIC_PAGE_CACHE_CONTROL);
      return secured(response);
    }
  }

  // Tell server components where the request was going (for sign-in callbackUrl) and the
  // nonce; the CSP on the request is where Next.js reads the nonce for its own scripts.
  const headers = new Headers(request.headers);
  if (!fill) {
    // Every render of a public page (a signed-in viewer's, a client-side navigation's) reads
    // the listing data at this instance's version too, so another instance's change shows
    // there as fast as in the cached HTML. The header is ours: a client's own is replaced.
    headers.delete(VERSION_HEADER);
    if (isPublicPagePath(pathname)) {
      if (!publicPage) await followPublicPagesVersion(() => readPublicPagesVersion());
      const version = publicPagesVersion();
      if (version !== null) headers.set(VERSION_HEADER, version);
    }
  }
  headers.set("x-loyly-path", here);
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", security["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers } });
  if (publicPage) response.headers.set("cache-control", PUBLIC_PAGE_CACHE_CONTROL);
  return secured(response);
}

export const config = {
  // Everything but Next's own immutable build files: pages, route handlers, uploads and the
  // bundled pictures all get the security headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

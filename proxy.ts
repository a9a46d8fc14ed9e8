/**
 * Coarse routing only: visitors are sent to sign in before the customer, provider and admin
 * areas, and signed-in users of the wrong role to /forbidden. The real checks are in every
 * page, server action and route handler (lib/auth, lib/actions).
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { areaFor } from "@/lib/auth/roles";
import { env } from "@/lib/env";

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const here = pathname + search;
  const area = areaFor(pathname);

  if (area) {
    const token = await getToken({ req: request, secret: env.NEXTAUTH_SECRET });
    if (!token) {
      const signIn = new URL("/sign-in", request.url);
      signIn.searchParams.set("callbackUrl", here);
      return NextResponse.redirect(signIn);
    }
    if (!area.roles.includes(token.role)) {
      const forbidden = new URL("/forbidden", request.url);
      forbidden.searchParams.set("from", here);
      return NextResponse.redirect(forbidden);
    }
  }

  // Tell server components where the request was going (for sign-in callbackUrl).
  const headers = new Headers(request.headers);
  headers.set("x-loyly-path", here);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|uploads/|saunas/|favicon.ico|robots.txt).*)"],
};

import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { cache } from "react";
import { prisma } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { authOptions, SIGN_IN_PATH } from "./options";

export { authOptions };
export { homePathFor } from "./roles";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** The next-auth session of this request (JWT only, no database read). */
export const auth = cache(() => getServerSession(authOptions));

/**
 * The signed-in user as the database knows them now: a suspended account or a changed
 * role takes effect at once, not when the JWT expires. Null for visitors.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await prisma.user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, role: true, status: true },
  });
  if (!user || user.status !== "ACTIVE") return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role };
});

/** Where the current request was going, for the sign-in callbackUrl (set by proxy.ts). */
async function currentPath(): Promise<string> {
  const h = await headers();
  return h.get("x-loyly-path") ?? "/";
}

export function signInUrl(callbackUrl: string): string {
  return `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}

/** For pages: the signed-in user, or a redirect to sign in and come back. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInUrl(await currentPath()));
  return user;
}

/** For pages: a user with one of the roles; others get the forbidden page. */
export async function requireRole(...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) redirect(`/forbidden?from=${encodeURIComponent(await currentPath())}`);
  return user;
}

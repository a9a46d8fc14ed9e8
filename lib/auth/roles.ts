import type { Role } from "@/lib/generated/prisma/enums";

export interface NavLink {
  href: string;
  label: string;
}

/** The pages each role works with: the header's links. */
export const ROLE_LINKS: Record<Role, readonly NavLink[]> = {
  CUSTOMER: [
    { href: "/account/bookings", label: "My bookings" },
    { href: "/account/payment-methods", label: "Payment methods" },
  ],
  PROVIDER: [
    { href: "/provider/listings", label: "Listings" },
    { href: "/provider/requests", label: "Requests" },
    { href: "/provider/bookings", label: "Bookings" },
    { href: "/provider/get-paid", label: "Get paid" },
    { href: "/provider/payouts", label: "Payouts" },
  ],
  OPERATOR: [{ href: "/admin", label: "Admin" }],
};

export const ROLE_LABELS: Record<Role, string> = {
  CUSTOMER: "Customer",
  PROVIDER: "Provider",
  OPERATOR: "Operator",
};

/** Which role an area of the app belongs to (coarse check in proxy.ts, real one in each page). */
export const AREA_ROLES: readonly { prefix: string; roles: readonly Role[] }[] = [
  { prefix: "/account", roles: ["CUSTOMER"] },
  { prefix: "/provider", roles: ["PROVIDER"] },
  { prefix: "/admin", roles: ["OPERATOR"] },
];

export function areaFor(pathname: string) {
  return AREA_ROLES.find((a) => pathname === a.prefix || pathname.startsWith(`${a.prefix}/`));
}

/** Where a role lands after signing in when nothing else was asked for. */
export function homePathFor(role: Role): string {
  return ROLE_LINKS[role][0]?.href ?? "/";
}

/** Any origin will do: only whether a path stays on it matters. */
const SAME_SITE = "http://same-site.invalid";

/**
 * Only same-site paths are accepted as a place to return to after signing in, read as a
 * browser reads them: it drops tabs and line breaks and takes a backslash for a slash, so
 * "/\t/evil.example" and "/\\evil.example" lead off the site and are refused. The path comes
 * back as the browser would resolve it.
 */
export function safeCallbackPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || /[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, SAME_SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_SITE) return fallback;
  const path = url.pathname + url.search + url.hash;
  if (path.startsWith("/sign-in") || path.startsWith("/sign-up") || path.startsWith("/api/")) return fallback;
  return path;
}

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

/** Only same-site paths are accepted as a place to return to after signing in. */
export function safeCallbackPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (value.startsWith("/sign-in") || value.startsWith("/sign-up") || value.startsWith("/api/")) return fallback;
  return value;
}

import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminHome() {
  await requireRole("OPERATOR");
  const [users, suspended, listings, inactive, bookings] = await Promise.all([
    prisma.user.count(),
    prisma.user.count({ where: { status: "SUSPENDED" } }),
    prisma.listing.count(),
    prisma.listing.count({ where: { active: false } }),
    prisma.booking.count(),
  ]);
  const tiles = [
    { label: "Users", value: users, note: `${suspended} suspended`, href: "/admin/users" },
    { label: "Listings", value: listings, note: `${inactive} inactive`, href: "/admin/listings" },
    { label: "Bookings", value: bookings, note: "all time", href: "/admin/bookings" },
  ];
  return (
    <>
      <PageHeader title="Admin" description="Run the marketplace." />
      <ul className="grid gap-4 sm:grid-cols-3">
        {tiles.map((t) => (
          <li key={t.label} className="rounded-2xl border border-birch-200 bg-white p-5">
            <Link href={t.href} className="text-sm font-medium">
              {t.label}
            </Link>
            <p className="mt-1 text-3xl font-semibold tabular-nums">{t.value}</p>
            <p className="text-sm text-pine-600">{t.note}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

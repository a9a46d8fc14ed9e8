import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";

export const metadata: Metadata = { title: "Bookings" };

/** Shell for a later issue: the page exists, access is checked, no data is invented. */
export default async function AdminBookingsPage() {
  await requireRole("OPERATOR");
  return (
    <>
      <PageHeader title="Bookings" />
      <EmptyState title="Not available yet">Every booking with its timeline of events will be listed here.</EmptyState>
    </>
  );
}

import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";

export const metadata: Metadata = { title: "Payments" };

/** Shell for a later issue: the page exists, access is checked, no data is invented. */
export default async function AdminPaymentsPage() {
  await requireRole("OPERATOR");
  return (
    <>
      <PageHeader title="Payments" />
      <EmptyState title="Not available yet">Payment attempts, declines and refunds will be listed here.</EmptyState>
    </>
  );
}

import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";

export const metadata: Metadata = { title: "Emails" };

/** Shell for a later issue: the page exists, access is checked, no data is invented. */
export default async function AdminEmailsPage() {
  await requireRole("OPERATOR");
  return (
    <>
      <PageHeader title="Emails" />
      <EmptyState title="Not available yet">The outbox of sent and pending emails will be readable here.</EmptyState>
    </>
  );
}

import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireRole } from "@/lib/auth";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireRole("OPERATOR");
  return (
    <div className="flex flex-col gap-8 md:flex-row">
      <AdminNav />
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}

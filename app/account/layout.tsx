import type { ReactNode } from "react";
import { requireRole } from "@/lib/auth";

export default async function AccountLayout({ children }: { children: ReactNode }) {
  await requireRole("CUSTOMER");
  return children;
}

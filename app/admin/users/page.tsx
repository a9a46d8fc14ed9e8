import type { Metadata } from "next";
import { RoleForm } from "@/components/admin/role-form";
import { ActionButton } from "@/components/ui/action-button";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { TextField } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { ScrollRegion } from "@/components/ui/table";
import { requireRole } from "@/lib/auth";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { listUsers } from "@/lib/auth/users";
import { prisma } from "@/lib/db";
import { SignInLocks } from "@/components/admin/sign-in-locks";
import { listThrottles } from "@/lib/auth/throttle";
import { changeRoleAction, liftLockAction, setSuspendedAction } from "./actions";
import { isCleanText } from "@/lib/validation";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const operator = await requireRole("OPERATOR");
  const { q } = await searchParams;
  // A query with control characters (PostgreSQL refuses NUL) is ignored rather than failing.
  const query = typeof q === "string" && isCleanText(q) ? q.slice(0, 100) : undefined;
  const [users, throttles] = await Promise.all([listUsers(prisma, operator, { query }), listThrottles(prisma, operator)]);
  return (
    <>
      <PageHeader title="Users" description={countOf(users.length, "account")} />
      <SignInLocks rows={throttles} lift={liftLockAction} />
      <form role="search" aria-label="Users" className="mb-6 flex items-end gap-2">
        <TextField name="q" label="Search by name or e-mail" defaultValue={q ?? ""} />
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>
      <ScrollRegion label="Users">
        <table className="w-full text-left text-sm">
          <thead className="bg-birch-100 text-pine-700">
            <tr>
              <th scope="col" className="px-4 py-2">Name</th>
              <th scope="col" className="px-4 py-2">E-mail</th>
              <th scope="col" className="px-4 py-2">Role</th>
              <th scope="col" className="px-4 py-2">Status</th>
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === operator.id;
              return (
                <tr key={u.id} className="border-t border-birch-200 align-top">
                  <th scope="row" className="px-4 py-3 font-medium">
                    {u.name}
                    {self ? <span className="text-pine-600"> (you)</span> : null}
                  </th>
                  <td className="px-4 py-3">{u.email}</td>
                  <td className="px-4 py-3">
                    {self ? ROLE_LABELS[u.role] : <RoleForm action={changeRoleAction.bind(null, u.id)} role={u.role} userLabel={u.email} />}
                  </td>
                  <td className="px-4 py-3">
                    {u.status === "ACTIVE" ? <Badge tone="good">Active</Badge> : <Badge tone="warn">Suspended</Badge>}
                  </td>
                  <td className="px-4 py-3">
                    {self ? null : (
                      <ActionButton
                        action={setSuspendedAction.bind(null, u.id)}
                        fields={{ suspended: u.status === "ACTIVE" ? "true" : "false" }}
                        variant={u.status === "ACTIVE" ? "danger" : "secondary"}
                        label={`${u.status === "ACTIVE" ? "Suspend" : "Unsuspend"} ${u.email}`}
                      >
                        {u.status === "ACTIVE" ? "Suspend" : "Unsuspend"}
                      </ActionButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

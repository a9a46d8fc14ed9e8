/** Operator queries of the outbox: every email the app wrote, newest first, and one email. */
import type { Db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { PAGE_SIZE, type EmailFilters } from "./schemas";
import { pageOf } from "./bookings";

export async function listEmails(db: Db, filters: EmailFilters) {
  const where = {
    to: filters.to ? { contains: filters.to, mode: "insensitive" as const } : undefined,
    template: filters.template,
    status: filters.status,
  };
  const [total, rows] = await Promise.all([
    db.outboxEmail.count({ where }),
    db.outboxEmail.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, to: true, subject: true, template: true, status: true, createdAt: true, bookingId: true },
    }),
  ]);
  return pageOf(rows, total, filters.page);
}

/** The templates in use, for the filter's select. */
export async function emailTemplates(db: Db): Promise<string[]> {
  const rows = await db.outboxEmail.findMany({ distinct: ["template"], select: { template: true }, orderBy: { template: "asc" } });
  return rows.map((r) => r.template);
}

export async function getEmailOrThrow(db: Db, id: string) {
  const email = await db.outboxEmail.findUnique({ where: { id } });
  if (!email) throw new NotFound("Email");
  return email;
}

/**
 * Follow-up: bookings whose off-session charge failed and that now wait for the customer to
 * pay on the pay-now page, nearest deadline first, with the last email that went to the
 * customer. Each links to the booking's page, where the pay-now email can be resent and the
 * deadline extended.
 */
import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { Pagination } from "@/components/admin/pagination";
import { AdminTable, Cell, Code, Row, RowHeader } from "@/components/admin/table";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { listFollowUps } from "@/lib/admin/follow-up";
import { pageParam } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth";
import { now } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { explainFailure } from "@/lib/notifications/failure-messages";
import { describeTime, formatInstant } from "@/lib/time";

export const metadata: Metadata = { title: "Follow-up" };
export const dynamic = "force-dynamic";

const HOUR = 3_600_000;

/** "in 5 h", "in 2 days", "passed 10 min ago". */
function timeLeft(deadline: Date, at: Date): string {
  const ms = deadline.getTime() - at.getTime();
  const abs = Math.abs(ms);
  const text = abs < HOUR ? `${Math.max(1, Math.round(abs / 60_000))} min` : abs < 48 * HOUR ? `${Math.round(abs / HOUR)} h` : `${Math.round(abs / (24 * HOUR))} days`;
  return ms >= 0 ? `in ${text}` : `passed ${text} ago`;
}

export default async function FollowUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("OPERATOR");
  const page = pageParam(await searchParams);
  const list = await listFollowUps(prisma, page);
  const at = now();
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));

  return (
    <>
      <PageHeader
        title="Follow-up"
        description="Bookings whose charge failed and that wait for the customer to pay, nearest deadline first. Open one to resend the pay-now email or extend its deadline."
      />
      <AdminTable
        caption={`Awaiting the customer's payment, nearest deadline first — page ${page} of ${pageCount} (${list.total} in all)`}
        columns={["Pay by", "Booking and customer", "Amount", "Why it failed", "Last email to the customer"]}
        empty={list.rows.length === 0 ? "No booking is waiting for a customer's payment." : undefined}
      >
        {list.rows.map((r) => {
          const tz = r.listing.timeZone;
          const overdue = r.payBy !== null && r.payBy <= at;
          const soon = r.payBy !== null && !overdue && r.payBy.getTime() - at.getTime() < 24 * HOUR;
          const why = explainFailure({ code: r.lastFailureCode, declineCode: r.lastDeclineCode });
          return (
            <Row key={r.id} highlight={overdue || soon}>
              <RowHeader className="whitespace-nowrap">
                {r.payBy ? (
                  <>
                    <time dateTime={r.payBy.toISOString()}>{formatInstant(r.payBy, tz)}</time>
                    <span className="block">
                      <Badge tone={overdue || soon ? "warn" : "neutral"}>{timeLeft(r.payBy, at)}</Badge>
                    </span>
                  </>
                ) : (
                  "—"
                )}
              </RowHeader>
              <Cell className="min-w-48">
                <Link href={`/admin/bookings/${r.id}`} aria-label={`Follow up booking at ${r.listing.title} for ${r.customer.email}`}>
                  {r.listing.title}
                </Link>
                <span className="block text-pine-600">{describeTime(r)}</span>
                <span className="block">{r.customer.name}</span>
                <span className="block text-pine-600">{r.customer.email}</span>
              </Cell>
              <Cell className="tabular-nums whitespace-nowrap">{formatMoney(r.totalAmount, r.currency)}</Cell>
              <Cell className="min-w-52">
                <Code>{[...new Set([r.lastFailureCode, r.lastDeclineCode].filter(Boolean))].join(" / ") || null}</Code>
                <span className="block text-pine-700">{why.customer}</span>
                {r.nextAttemptAt ? <span className="block text-pine-600">Next automatic try {formatInstant(r.nextAttemptAt, tz)}</span> : null}
              </Cell>
              <Cell className="min-w-44">
                {r.lastEmail ? (
                  <>
                    <time dateTime={(r.lastEmail.sentAt ?? r.lastEmail.createdAt).toISOString()}>{formatInstant(r.lastEmail.sentAt ?? r.lastEmail.createdAt, tz)}</time>
                    <span className="block">
                      <Link href={`/admin/emails/${r.lastEmail.id}`}>{r.lastEmail.subject}</Link>
                    </span>
                    <span className="block text-pine-600">
                      <Code>{r.lastEmail.template}</Code> · {r.lastEmail.status}
                    </span>
                  </>
                ) : (
                  "None"
                )}
              </Cell>
            </Row>
          );
        })}
      </AdminTable>
      <Pagination basePath="/admin/follow-up" params={{}} page={page} pageCount={pageCount} label="Follow-up pages" />
    </>
  );
}

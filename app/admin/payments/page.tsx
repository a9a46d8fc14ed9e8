import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { Pagination } from "@/components/admin/pagination";
import { AdminTable, Cell, Code, Row, RowHeader } from "@/components/admin/table";
import { buttonClass } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Badge, PageHeader, PageSection } from "@/components/ui/page-header";
import { describeCounts, describeJson, listCronRuns, listPaymentAttempts, listWebhookEvents } from "@/lib/admin/payments";
import { parseAttemptFilters } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { PaymentAttemptOutcome } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { DEFAULT_TIME_ZONE, formatInstant } from "@/lib/time";

export const metadata: Metadata = { title: "Payments" };

const FAILED: readonly PaymentAttemptOutcome[] = ["DECLINED", "REQUIRES_ACTION", "API_ERROR"];

/** Operational times (cron, webhooks) are in the marketplace's zone. */
const at = (d: Date | null, tz = DEFAULT_TIME_ZONE) => (d ? <time dateTime={d.toISOString()}>{formatInstant(d, tz)}</time> : "—");

export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("OPERATOR");
  const filters = parseAttemptFilters(await searchParams);
  const [attempts, runs, events] = await Promise.all([listPaymentAttempts(prisma, filters), listCronRuns(prisma), listWebhookEvents(prisma)]);

  return (
    <>
      <PageHeader title="Payments" description="Payment attempts across bookings, scheduled runs and Stripe webhooks." />
      <div className="space-y-10">
        <PageSection id="attempts-title" title="Payment attempts">
          <form role="search" aria-label="Filter payment attempts" className="flex items-end gap-2">
            <SelectField
              name="outcome"
              label="Outcome"
              defaultValue={filters.outcome ?? ""}
              placeholder="Any outcome"
              options={Object.values(PaymentAttemptOutcome).map((o) => ({ value: o, label: o }))}
            />
            <button type="submit" className={buttonClass("secondary")}>
              Filter
            </button>
          </form>
          <AdminTable
            caption={`Payment attempts, newest first — page ${attempts.page} of ${attempts.pageCount} (${attempts.total} in all)`}
            columns={["Started", "Booking", "Kind", "Outcome", "Amount", "Codes", "PaymentIntent status", "Idempotency key"]}
            empty={attempts.rows.length === 0 ? "No payment attempts match." : undefined}
          >
            {attempts.rows.map((a) => {
              const failed = a.outcome !== null && FAILED.includes(a.outcome);
              return (
                <Row key={a.id} highlight={failed}>
                  <RowHeader className="whitespace-nowrap">{at(a.startedAt, a.booking.listing.timeZone)}</RowHeader>
                  <Cell>
                    <Link href={`/admin/bookings/${a.bookingId}`}>{a.booking.listing.title}</Link>
                    <span className="block text-pine-600">{a.booking.customer.email}</span>
                  </Cell>
                  <Cell>{a.kind}</Cell>
                  <Cell>
                    {a.outcome ? <Badge tone={a.outcome === "SUCCEEDED" ? "good" : failed ? "warn" : "neutral"}>{failed ? `Failed: ${a.outcome}` : a.outcome}</Badge> : "—"}
                  </Cell>
                  <Cell className="tabular-nums">{formatMoney(a.amount, a.currency)}</Cell>
                  <Cell>
                    {[a.errorType, a.errorCode, a.declineCode].filter(Boolean).join(" / ") || "—"}
                    {a.message && failed ? <span className="block text-pine-700">{a.message}</span> : null}
                  </Cell>
                  <Cell>{a.paymentIntentStatus}</Cell>
                  <Cell>
                    <Code>{a.idempotencyKey}</Code>
                  </Cell>
                </Row>
              );
            })}
          </AdminTable>
          <Pagination
            basePath="/admin/payments"
            params={{ outcome: filters.outcome }}
            page={attempts.page}
            pageCount={attempts.pageCount}
            label="Payment attempt pages"
          />
        </PageSection>

        <PageSection id="cron-title" title="Scheduled runs">
          <AdminTable
            caption={`The latest ${runs.length} cron runs (times in ${DEFAULT_TIME_ZONE})`}
            columns={["Started", "Job", "Status", "Finished", "Counts", "Errors", "Instance"]}
            empty={runs.length === 0 ? "No scheduled runs yet." : undefined}
          >
            {runs.map((r) => (
              <Row key={r.id} highlight={r.status === "FAILED" || r.status === "ABORTED"}>
                <RowHeader className="whitespace-nowrap">{at(r.startedAt)}</RowHeader>
                <Cell>{r.job}</Cell>
                <Cell>
                  <Badge tone={r.status === "SUCCEEDED" ? "good" : r.status === "FAILED" || r.status === "ABORTED" ? "warn" : "neutral"}>{r.status}</Badge>
                </Cell>
                <Cell className="whitespace-nowrap">{at(r.finishedAt)}</Cell>
                <Cell className="min-w-48 text-xs">{describeCounts(r.counts)}</Cell>
                <Cell className="min-w-48 text-xs">{describeJson(r.errors)}</Cell>
                <Cell>
                  <Code>{r.instance}</Code>
                </Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>

        <PageSection id="webhooks-title" title="Webhook events">
          <AdminTable
            caption={`The latest ${events.length} Stripe webhook events (times in ${DEFAULT_TIME_ZONE})`}
            columns={["Received", "Event id", "Type", "Status", "Processed", "Error / note"]}
            empty={events.length === 0 ? "No webhook events yet." : undefined}
          >
            {events.map((e) => (
              <Row key={e.id} highlight={e.status === "FAILED"}>
                <RowHeader className="whitespace-nowrap">{at(e.receivedAt)}</RowHeader>
                <Cell>
                  <Code>{e.id}</Code>
                </Cell>
                <Cell>
                  <Code>{e.type}</Code>
                </Cell>
                <Cell>
                  <Badge tone={e.status === "PROCESSED" ? "good" : e.status === "FAILED" ? "warn" : "neutral"}>{e.status}</Badge>
                </Cell>
                <Cell className="whitespace-nowrap">{at(e.processedAt)}</Cell>
                <Cell className="text-xs">{e.error}</Cell>
              </Row>
            ))}
          </AdminTable>
        </PageSection>
      </div>
    </>
  );
}

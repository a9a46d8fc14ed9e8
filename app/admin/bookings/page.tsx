import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Pagination } from "@/components/admin/pagination";
import { AdminTable, Cell, Row, RowHeader, FilterForm } from "@/components/admin/table";
import { StatusBadge } from "@/components/bookings/status-badge";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { listBookings, listingOptions } from "@/lib/admin/bookings";
import { parseBookingFilters } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth";
import { describeStatus } from "@/lib/bookings/lifecycle";
import { describeTime } from "@/lib/time";
import { prisma } from "@/lib/db";
import { BookingStatus } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Bookings" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AdminBookingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireRole("OPERATOR");
  const params = await searchParams;
  // Payment alerts link to /admin/bookings?id=<booking>.
  if (typeof params.id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(params.id)) redirect(`/admin/bookings/${params.id}`);

  const filters = parseBookingFilters(params);
  const [result, listings] = await Promise.all([listBookings(prisma, filters), listingOptions(prisma)]);
  const kept = { status: filters.status, listing: filters.listingId, customer: filters.customerEmail, from: filters.from, to: filters.to };

  return (
    <>
      <PageHeader title="Bookings" description={`${result.total} booking${result.total === 1 ? "" : "s"} match`} />
      <FilterForm label="Filter bookings" clearHref="/admin/bookings" className="sm:grid-cols-3 lg:grid-cols-6">
        <SelectField
          name="status"
          label="Status"
          defaultValue={filters.status ?? ""}
          placeholder="Any status"
          options={Object.values(BookingStatus).map((s) => ({ value: s, label: describeStatus(s) }))}
        />
        <SelectField name="listing" label="Listing" defaultValue={filters.listingId ?? ""} placeholder="Any listing" options={listings.map((l) => ({ value: l.id, label: l.title }))} />
        <TextField name="customer" label="Customer e-mail" type="search" defaultValue={filters.customerEmail ?? ""} />
        <TextField name="from" label="Starts from" type="date" defaultValue={filters.from ?? ""} />
        <TextField name="to" label="Starts until" type="date" defaultValue={filters.to ?? ""} />
      </FilterForm>

      <AdminTable
        caption={`Bookings, newest start first — page ${result.page} of ${result.pageCount}`}
        columns={["Listing", "Customer", "Time (listing's zone)", "Amount", "Status", "Details"]}
        empty={result.rows.length === 0 ? "No bookings match these filters." : undefined}
      >
        {result.rows.map((b) => (
          <Row key={b.id}>
            <RowHeader>{b.listing.title}</RowHeader>
            <Cell>
              {b.customer.name}
              <span className="block text-pine-600">{b.customer.email}</span>
            </Cell>
            <Cell>
              {describeTime(b)}
              <span className="block text-pine-600">{b.listing.timeZone}</span>
            </Cell>
            <Cell className="tabular-nums">
              {formatMoney(b.totalAmount, b.currency)}
              {b.refundedAmount > 0 ? <span className="block text-pine-600">refunded {formatMoney(b.refundedAmount, b.currency)}</span> : null}
            </Cell>
            <Cell>
              <StatusBadge status={b.status} />
            </Cell>
            <Cell>
              <Link href={`/admin/bookings/${b.id}`} aria-label={`Open booking at ${b.listing.title} for ${b.customer.email}`}>
                Open
              </Link>
            </Cell>
          </Row>
        ))}
      </AdminTable>
      <Pagination basePath="/admin/bookings" params={kept} page={result.page} pageCount={result.pageCount} label="Bookings pages" />
    </>
  );
}

import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { redirect } from "next/navigation";
import { Pagination } from "@/components/admin/pagination";
import { AdminTable, Cell, FilterForm, Row, RowHeader, SortLink } from "@/components/admin/table";
import { StatusBadge } from "@/components/bookings/status-badge";
import { buttonClass } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { listBookings, listingOptions, providerOptions, sortOf } from "@/lib/admin/bookings";
import { bookingFilterParams, parseBookingFilters, type BookingFilters, type BookingSort } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth";
import { describeStatus } from "@/lib/bookings/lifecycle";
import { prisma } from "@/lib/db";
import { BookingStatus } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { describeTime, formatInstant } from "@/lib/time";

export const metadata: Metadata = { title: "Bookings" };

type SearchParams = Record<string, string | string[] | undefined>;

const SORT_WORDS: Record<BookingSort, { label: string; asc: string; desc: string }> = {
  starts: { label: "Time", asc: "earliest start first", desc: "newest start first" },
  created: { label: "Requested", asc: "oldest request first", desc: "newest request first" },
  amount: { label: "Amount", asc: "smallest amount first", desc: "largest amount first" },
  status: { label: "Status", asc: "by status", desc: "by status, reversed" },
};

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export default async function AdminBookingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireRole("OPERATOR");
  const params = await searchParams;
  // Payment alerts link to /admin/bookings?id=<booking>.
  if (typeof params.id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(params.id)) redirect(`/admin/bookings/${params.id}`);

  const filters = parseBookingFilters(params);
  const [result, listings, providers] = await Promise.all([listBookings(prisma, filters), listingOptions(prisma), providerOptions(prisma)]);
  const kept = bookingFilterParams(filters);
  const { sort, dir } = sortOf(filters);
  const sortHref = (column: BookingSort) => {
    const nextDir = column === sort ? (dir === "asc" ? "desc" : "asc") : sortOf({ sort: column }).dir;
    return `/admin/bookings${query({ ...kept, sort: column, dir: nextDir })}`;
  };
  const header = (column: BookingSort) => <SortLink label={SORT_WORDS[column].label} href={sortHref(column)} active={column === sort ? dir : undefined} />;
  const columns = ["Listing and host", "Customer", header("starts"), header("amount"), header("status"), header("created"), "Details"];
  const sortedColumn: Record<BookingSort, number> = { starts: 2, amount: 3, status: 4, created: 5 };
  const exportHref = `/admin/bookings/export${query(kept)}`;

  return (
    <>
      <PageHeader
        title="Bookings"
        description={`${result.total.toLocaleString("en-GB")} booking${result.total === 1 ? "" : "s"} match`}
        actions={
          <a href={exportHref} className={buttonClass("secondary")} download>
            Export these as CSV
          </a>
        }
      />
      <FilterForm label="Search and filter bookings" clearHref="/admin/bookings" className="sm:grid-cols-2 lg:grid-cols-4">
        <TextField
          name="q"
          label="Search"
          type="search"
          className="sm:col-span-2"
          defaultValue={filters.q ?? ""}
          hint="E-mail or name of the customer or host, listing, booking id, or a Stripe id (pi_, cus_, pm_, ch_, re_)."
        />
        <SelectField
          name="status"
          label="Status"
          defaultValue={filters.status ?? ""}
          placeholder="Any status"
          options={Object.values(BookingStatus).map((s) => ({ value: s, label: describeStatus(s) }))}
        />
        <SelectField name="listing" label="Listing" defaultValue={filters.listingId ?? ""} placeholder="Any listing" options={listings.map((l) => ({ value: l.id, label: l.title }))} />
        <SelectField name="provider" label="Host" defaultValue={filters.providerId ?? ""} placeholder="Any host" options={providers.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))} />
        <TextField name="from" label="Starts from" type="date" defaultValue={filters.from ?? ""} />
        <TextField name="to" label="Starts until" type="date" defaultValue={filters.to ?? ""} />
        {filters.customerEmail ? <input type="hidden" name="customer" value={filters.customerEmail} /> : null}
        {filters.sort ? <input type="hidden" name="sort" value={filters.sort} /> : null}
        {filters.dir ? <input type="hidden" name="dir" value={filters.dir} /> : null}
      </FilterForm>

      <AdminTable
        caption={`Bookings, ${SORT_WORDS[sort][dir]} — page ${result.page} of ${result.pageCount}`}
        columns={columns}
        sorted={{ column: sortedColumn[sort], direction: dir === "asc" ? "ascending" : "descending" }}
        empty={result.rows.length === 0 ? emptyMessage(filters) : undefined}
      >
        {result.rows.map((b) => (
          <Row key={b.id}>
            <RowHeader>
              {b.listing.title}
              <span className="block font-normal text-pine-600">{b.provider.email}</span>
            </RowHeader>
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
            <Cell className="whitespace-nowrap text-pine-700">{formatInstant(b.createdAt, b.listing.timeZone)}</Cell>
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

function emptyMessage(filters: BookingFilters): string {
  return filters.q ? `No bookings match “${filters.q}” with these filters.` : "No bookings match these filters.";
}

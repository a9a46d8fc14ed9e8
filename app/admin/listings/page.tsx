import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { AdminTable, Cell, Row, RowHeader } from "@/components/admin/table";
import { ActionButton } from "@/components/ui/action-button";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { listAllListings } from "@/lib/listings";
import { formatMoney } from "@/lib/money";
import { moderateListingAction } from "./actions";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Listings" };

export default async function AdminListingsPage() {
  const operator = await requireRole("OPERATOR");
  const listings = await listAllListings(prisma, operator);
  return (
    <>
      <PageHeader
        title="Listings"
        description={`${countOf(listings.length, "listing")}. A listing you take down is hidden from search and cannot be booked, and its host cannot make it active again; existing bookings are kept.`}
      />
      <AdminTable caption="Every listing, active first, by city" columns={["Listing", "Provider", "Price", "Status", <span key="a" className="sr-only">Actions</span>]}>
        {listings.map((l) => (
          <Row key={l.id}>
            <RowHeader>
              <Link href={`/saunas/${l.slug}`}>{l.title}</Link>
              <span className="block text-pine-600">{l.city}</span>
            </RowHeader>
            <Cell>{l.provider.name}</Cell>
            <Cell className="tabular-nums">{formatMoney(l.hourlyPrice, l.currency)} / h</Cell>
            <Cell>
              {l.active ? <Badge tone="good">Active</Badge> : l.takenDownAt ? <Badge tone="warn">Taken down</Badge> : <Badge>Inactive (host)</Badge>}
            </Cell>
            <Cell>
              <ActionButton
                action={moderateListingAction.bind(null, l.id)}
                fields={{ active: l.active ? "false" : "true" }}
                variant={l.active ? "danger" : "secondary"}
                label={`${l.active ? "Take down" : "Activate"} ${l.title}`}
              >
                {l.active ? "Take down" : "Activate"}
              </ActionButton>
            </Cell>
          </Row>
        ))}
      </AdminTable>
    </>
  );
}

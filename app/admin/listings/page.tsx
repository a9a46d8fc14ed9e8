import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/components/ui/action-button";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { listAllListings } from "@/lib/listings";
import { formatMoney } from "@/lib/money";
import { moderateListingAction } from "./actions";

export const metadata: Metadata = { title: "Listings" };

export default async function AdminListingsPage() {
  const operator = await requireRole("OPERATOR");
  const listings = await listAllListings(prisma, operator);
  return (
    <>
      <PageHeader title="Listings" description={`${listings.length} listing${listings.length === 1 ? "" : "s"}`} />
      <div className="overflow-x-auto rounded-2xl border border-birch-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-birch-100 text-pine-700">
            <tr>
              <th scope="col" className="px-4 py-2">Listing</th>
              <th scope="col" className="px-4 py-2">Provider</th>
              <th scope="col" className="px-4 py-2">Price</th>
              <th scope="col" className="px-4 py-2">Status</th>
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listings.map((l) => (
              <tr key={l.id} className="border-t border-birch-200">
                <th scope="row" className="px-4 py-3 font-medium">
                  <Link href={`/saunas/${l.slug}`}>{l.title}</Link>
                  <span className="block text-pine-600">{l.city}</span>
                </th>
                <td className="px-4 py-3">{l.provider.name}</td>
                <td className="px-4 py-3 tabular-nums">{formatMoney(l.hourlyPrice, l.currency)} / h</td>
                <td className="px-4 py-3">{l.active ? <Badge tone="good">Active</Badge> : <Badge tone="warn">Inactive</Badge>}</td>
                <td className="px-4 py-3">
                  <ActionButton
                    action={moderateListingAction.bind(null, l.id)}
                    fields={{ active: l.active ? "false" : "true" }}
                    variant={l.active ? "danger" : "secondary"}
                    label={`${l.active ? "Deactivate" : "Activate"} ${l.title}`}
                  >
                    {l.active ? "Deactivate" : "Activate"}
                  </ActionButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

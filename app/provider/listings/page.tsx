import type { Metadata } from "next";
import Image from "next/image";
import Link from "@/components/ui/link";
import { ButtonLink } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { ACCOUNT_STATE_TEXT, accountState, canBePaid, whyNotBookable } from "@/lib/connect/account-state";
import { connectedAccountOf } from "@/lib/connect/accounts";
import { listProviderListings } from "@/lib/listings";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Your listings" };

export default async function ProviderListingsPage() {
  const user = await requireRole("PROVIDER");
  const [listings, account] = await Promise.all([listProviderListings(prisma, user), connectedAccountOf(prisma, user.id)]);
  const payable = canBePaid(account);
  return (
    <>
      <PageHeader
        title="Your listings"
        description="Saunas you rent out on Löyly."
        actions={<ButtonLink href="/provider/listings/new">New listing</ButtonLink>}
      />
      {!payable ? (
        <p role="status" className="mb-6 rounded-lg bg-ember-50 px-4 py-3 text-pine-900">
          Your listings take booking requests once you can be paid: {ACCOUNT_STATE_TEXT[accountState(account)].label.toLowerCase()}.{" "}
          <Link href="/provider/get-paid">Get paid</Link>
        </p>
      ) : null}
      {listings.length === 0 ? (
        <EmptyState title="You have no listings yet">
          <Link href="/provider/listings/new">Create your first listing</Link>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-birch-200 rounded-2xl border border-birch-200 bg-white">
          {listings.map((listing) => {
            const photo = listing.photos[0];
            return (
              <li key={listing.id} className="flex flex-wrap items-center gap-4 p-4">
                <div className="relative h-16 w-24 shrink-0 overflow-hidden rounded-lg bg-birch-100">
                  {photo ? <Image src={photo.url} alt="" fill sizes="96px" className="object-cover" /> : null}
                </div>
                <div className="min-w-0 flex-1">
                  <h2 className="font-semibold">
                    <Link href={`/provider/listings/${listing.id}`}>{listing.title}</Link>
                  </h2>
                  <p className="text-sm text-pine-700">
                    {listing.city} · {formatMoney(listing.hourlyPrice, listing.currency)} / hour · up to {listing.capacity} guests
                  </p>
                </div>
                {listing.active ? <Badge tone="good">Active</Badge> : <Badge tone="warn">Inactive</Badge>}
                {listing.active && !payable ? <span className="text-sm text-ember-700">{whyNotBookable(listing, account)}</span> : null}
                <Link href={`/saunas/${listing.slug}`} className="text-sm">
                  View page<span className="sr-only"> of {listing.title}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

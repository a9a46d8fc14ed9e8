import type { Metadata } from "next";
import { ListingForm } from "@/components/provider/listing-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { DEFAULT_TIME_ZONE, supportedTimeZones } from "@/lib/time";
import { createListingAction } from "../actions";

export const metadata: Metadata = { title: "New listing" };

const EVENINGS = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  opensAt: weekday >= 6 ? 12 * 60 : 16 * 60,
  closesAt: 22 * 60,
}));

export default async function NewListingPage() {
  await requireRole("PROVIDER");
  return (
    <>
      <PageHeader title="New listing" description="Describe your sauna. You can add photos and blocked dates next." />
      <ListingForm
        action={createListingAction}
        submitLabel="Create listing"
        timeZones={supportedTimeZones()}
        openingHours={EVENINGS}
        initial={{
          title: "",
          description: "",
          city: "",
          address: "",
          arrivalNotes: "",
          timeZone: DEFAULT_TIME_ZONE,
          currency: "EUR",
          price: "",
          capacity: "6",
          minHours: "2",
          cancellationPolicy: "",
        }}
        defaultPolicy={getEnv().DEFAULT_CANCELLATION_POLICY}
      />
    </>
  );
}

import type { Metadata } from "next";
import { ListingGrid } from "@/components/listings/listing-card";
import { SearchForm } from "@/components/listings/search-form";
import { EmptyState } from "@/components/ui/page-header";
import { now } from "@/lib/clock";
import { parseSearchCriteria, type SearchCriteria } from "@/lib/listings";
import { cachedListingCities, cachedSearchListings } from "@/lib/listings/public-cache";
import { DEFAULT_TIME_ZONE, formatLocalDate, todayIn } from "@/lib/time";
import { countOf } from "@/lib/words";

export const metadata: Metadata = { title: "Find a sauna" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const { criteria, errors } = parseSearchCriteria({ city: first(raw.city), date: first(raw.date), guests: first(raw.guests) });
  const [cities, results] = await Promise.all([cachedListingCities(), cachedSearchListings(criteria)]);

  const summary = [
    criteria.city ? `in ${criteria.city}` : null,
    criteria.date ? `open on ${formatLocalDate(criteria.date)}` : null,
    criteria.guests ? `for ${countOf(criteria.guests, "guest")}` : null,
  ]
    .filter(Boolean)
    .join(", ");

  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-semibold tracking-tight">Find a sauna</h1>
      <SearchForm cities={cities} criteria={criteria} minDate={todayIn(DEFAULT_TIME_ZONE, now())} compact />
      {errors.length > 0 ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-red-800">
          {errors.map((message) => (
            <p key={message}>{message} It was left out of this search.</p>
          ))}
        </div>
      ) : null}
      <section aria-labelledby="results-title" className="space-y-4">
        <h2 id="results-title" className="text-xl font-semibold" aria-live="polite">
          {countOf(results.length, "sauna")}
          {summary ? ` ${summary}` : ""}
        </h2>
        {results.length > 0 ? (
          <ListingGrid listings={results} priorityCount={3} query={carriedQuery(criteria)} />
        ) : (
          <EmptyState title="No saunas match this search">Try another date, fewer guests or any city.</EmptyState>
        )}
      </section>
    </div>
  );
}

/** The date and guests searched for, for the listing page's booking form. */
function carriedQuery(criteria: SearchCriteria): string {
  const params = new URLSearchParams();
  if (criteria.date) params.set("date", criteria.date);
  if (criteria.guests) params.set("guests", String(criteria.guests));
  const query = params.toString();
  return query ? `?${query}` : "";
}

import Link from "@/components/ui/link";
import { ListingGrid } from "@/components/listings/listing-card";
import { SearchForm } from "@/components/listings/search-form";
import { now } from "@/lib/clock";
import { cachedFeaturedListings, cachedListingCities } from "@/lib/listings/public-cache";
import { DEFAULT_TIME_ZONE, todayIn } from "@/lib/time";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [cities, featured] = await Promise.all([cachedListingCities(), cachedFeaturedListings(6)]);
  return (
    <div className="space-y-14">
      <section aria-labelledby="hero-title" className="space-y-6 pt-4">
        <div className="max-w-2xl space-y-3">
          <h1 id="hero-title" className="text-4xl font-semibold tracking-tight sm:text-5xl">
            A private sauna, whenever you need the steam.
          </h1>
          <p className="text-lg text-pine-700">
            Lakeside smoke saunas, city rooftops and seaside cabins across Finland. Pick a date, bring your friends.
          </p>
        </div>
        <SearchForm cities={cities} minDate={todayIn(DEFAULT_TIME_ZONE, now())} />
      </section>

      <section aria-labelledby="featured-title" className="space-y-6">
        <div className="flex items-end justify-between">
          <h2 id="featured-title" className="text-2xl font-semibold">
            Featured saunas
          </h2>
          <Link href="/search">See all saunas</Link>
        </div>
        {featured.length > 0 ? (
          <ListingGrid listings={featured} priorityCount={3} />
        ) : (
          <p className="text-pine-700">No saunas are listed yet.</p>
        )}
      </section>
    </div>
  );
}

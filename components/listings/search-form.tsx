import Form from "next/form";
import { SelectField, TextField } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import type { SearchCriteria } from "@/lib/listings";

/**
 * A GET form (Next's `Form`: a client-side navigation, so focus can move to the results'
 * heading; without JavaScript a plain GET): the search lives in the URL.
 */
export function SearchForm({
  cities,
  criteria = {},
  minDate,
  compact = false,
}: {
  cities: readonly string[];
  criteria?: Partial<SearchCriteria>;
  minDate: string;
  compact?: boolean;
}) {
  return (
    <Form
      action="/search"
      // Not prefetched on sight, as links are not (components/ui/link.tsx): /search renders per request.
      prefetch={false}
      role="search"
      aria-label="Find a sauna"
      className={`grid gap-4 rounded-2xl border border-birch-200 bg-white p-4 shadow-xs sm:grid-cols-[2fr_1.5fr_1fr_auto] sm:items-end ${compact ? "" : "sm:p-6"}`}
    >
      <SelectField
        name="city"
        label="City"
        placeholder="Any city"
        options={cities.map((c) => ({ value: c, label: c }))}
        defaultValue={criteria.city ?? ""}
      />
      <TextField name="date" type="date" label="Date" min={minDate} defaultValue={criteria.date ?? ""} />
      <TextField name="guests" type="number" label="Guests" min={1} max={50} inputMode="numeric" defaultValue={criteria.guests ?? ""} />
      <button type="submit" className={buttonClass("primary", "h-[42px]")}>
        Search
      </button>
    </Form>
  );
}

import { FieldError, fieldId } from "@/components/ui/field";
import { SLOTS_PER_DAY, type OpeningSlot } from "@/lib/listings/opening-hours";
import { WEEKDAYS, formatTimeOfDay } from "@/lib/time";

const input =
  "w-20 rounded-lg border border-birch-300 bg-white px-2 py-1.5 text-base tabular-nums aria-invalid:border-ember-500";

/**
 * The weekly plan as plain inputs `hours.<weekday>.<slot>.opens|closes` ("HH:MM"),
 * two slots a day; leave a slot empty for none. Errors come keyed `hours.<weekday>`. Each
 * input is labelled in full for screen readers ("Monday second period opens").
 */
export function OpeningHoursFields({
  slots,
  values,
  errors,
}: {
  slots: readonly OpeningSlot[];
  /** Submitted values to show again after an error (by field name). */
  values?: Record<string, string>;
  errors?: Record<string, string[]>;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium text-pine-800">Weekly opening hours (local time, HH:MM; 24:00 = midnight)</legend>
      <p className="text-sm text-pine-600">For each day: when the sauna opens and closes, and a second period if it closes in between (optional).</p>
      <ul className="divide-y divide-birch-200 border-y border-birch-200">
        {WEEKDAYS.map((day) => {
          const daySlots = slots.filter((s) => s.weekday === day.iso);
          const errorKey = `hours.${day.iso}`;
          const error = errors?.[errorKey]?.[0];
          const errorId = fieldId(errorKey);
          return (
            // One line a day from a tablet up; on a phone the day's name, then its periods.
            <li key={day.iso} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2">
              <span className="basis-full font-medium text-pine-800 sm:basis-28">{day.name}</span>
              {Array.from({ length: SLOTS_PER_DAY }, (_, i) => {
                const slot = daySlots[i];
                const name = (edge: "opens" | "closes") => `hours.${day.iso}.${i}.${edge}`;
                const value = (edge: "opens" | "closes") =>
                  values
                    ? (values[name(edge)] ?? "")
                    : slot
                      ? formatTimeOfDay(edge === "opens" ? slot.opensAt : slot.closesAt)
                      : "";
                return (
                  <span key={i} className="flex items-center gap-1">
                    {i > 0 ? (
                      <span aria-hidden="true" className="px-1 text-sm text-pine-600">
                        and
                      </span>
                    ) : null}
                    {(["opens", "closes"] as const).map((edge, k) => (
                      <span key={edge} className="flex items-center gap-1">
                        {k === 1 ? <span aria-hidden="true">–</span> : null}
                        <label className="sr-only" htmlFor={fieldId(name(edge))}>
                          {`${day.name} ${i === 0 ? "" : "second period "}${edge === "opens" ? "opens" : "closes"}`}
                        </label>
                        <input
                          id={fieldId(name(edge))}
                          name={name(edge)}
                          defaultValue={value(edge)}
                          inputMode="numeric"
                          placeholder="HH:MM"
                          pattern="([01][0-9]|2[0-4]):[0-5][0-9]"
                          autoComplete="off"
                          className={input}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `${errorId}-error` : undefined}
                        />
                      </span>
                    ))}
                  </span>
                );
              })}
              {error ? (
                <div className="basis-full">
                  <FieldError id={errorId} error={error} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

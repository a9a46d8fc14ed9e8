import { FieldError, fieldId } from "@/components/ui/field";
import { SLOTS_PER_DAY, type OpeningSlot } from "@/lib/listings/opening-hours";
import { WEEKDAYS, formatTimeOfDay } from "@/lib/time";

const input =
  "w-24 rounded-lg border border-birch-300 bg-white px-2 py-1.5 text-base tabular-nums aria-invalid:border-ember-500";

/**
 * The weekly plan as plain inputs `hours.<weekday>.<slot>.opens|closes` ("HH:MM"),
 * two slots a day; leave a slot empty for none. Errors come keyed `hours.<weekday>`.
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
      <legend className="mb-2 text-sm font-medium text-pine-800">Weekly opening hours (local time, HH:MM; 24:00 = midnight)</legend>
      <table className="w-full text-sm">
        <caption className="sr-only">Opening hours for each day of the week</caption>
        <thead>
          <tr className="text-left text-pine-600">
            <th scope="col" className="py-1 pr-3 font-medium">
              Day
            </th>
            {Array.from({ length: SLOTS_PER_DAY }, (_, i) => (
              <th key={i} scope="col" className="py-1 pr-3 font-medium">
                {i === 0 ? "Open (opens – closes)" : "Second period (optional)"}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day) => {
            const daySlots = slots.filter((s) => s.weekday === day.iso);
            const errorKey = `hours.${day.iso}`;
            const error = errors?.[errorKey]?.[0];
            const errorId = fieldId(errorKey);
            return (
              <tr key={day.iso} className="border-t border-birch-200 align-top">
                <th scope="row" className="py-2 pr-3 text-left font-medium text-pine-800">
                  {day.name}
                  <FieldError id={errorId} error={error} />
                </th>
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
                    <td key={i} className="py-2 pr-3">
                      <div className="flex items-center gap-1">
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
                      </div>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

import type { OpeningSlot } from "@/lib/listings";
import { WEEKDAYS, formatTimeOfDay } from "@/lib/time";

export function OpeningHoursTable({ slots, timeZone }: { slots: readonly OpeningSlot[]; timeZone: string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="pb-2 text-left text-pine-600">Local time ({timeZone.replace(/_/g, " ")})</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Open</th>
        </tr>
      </thead>
      <tbody>
        {WEEKDAYS.map((day) => {
          const today = slots.filter((s) => s.weekday === day.iso);
          return (
            <tr key={day.iso} className="border-t border-birch-200">
              <th scope="row" className="py-2 pr-4 font-medium text-pine-800">
                {day.name}
              </th>
              <td className="py-2 text-pine-700">
                {today.length === 0
                  ? "Closed"
                  : today.map((s) => `${formatTimeOfDay(s.opensAt)}–${formatTimeOfDay(s.closesAt)}`).join(", ")}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

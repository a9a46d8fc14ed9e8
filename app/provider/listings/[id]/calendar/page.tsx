import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { isPlausibleId } from "@/lib/validation";
import { StatusBadge } from "@/components/bookings/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth";
import { listingWeek } from "@/lib/bookings/provider";
import { now as clockNow } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { addDays, formatLocalDate, formatTimeOfDay, isLocalDate, isoWeekday, todayIn, utcToZoned } from "@/lib/time";

export const metadata: Metadata = { title: "Calendar" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ week?: string }> };

/** The Monday of the week containing `date`. */
const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

export default async function ListingCalendarPage({ params, searchParams }: Props) {
  const user = await requireRole("PROVIDER");
  const { id } = await params;
  if (!isPlausibleId(id)) notFound();
  const { week } = await searchParams;
  let data;
  try {
    const zone = (await prisma.listing.findUnique({ where: { id }, select: { timeZone: true } }))?.timeZone ?? "Europe/Helsinki";
    const start = mondayOf(week && isLocalDate(week) ? week : todayIn(zone, clockNow()));
    data = { start, ...(await listingWeek(prisma, user, id, start)) };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
  const { listing, bookings, start } = data;
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const tz = listing.timeZone;

  return (
    <>
      <PageHeader
        title={`Calendar: ${listing.title}`}
        description={`Week of ${formatLocalDate(start)} (${tz})`}
        actions={
          <nav aria-label="Weeks" className="flex gap-3 text-sm">
            <Link href={`?week=${addDays(start, -7)}`}>Previous week</Link>
            <Link href={`?week=${addDays(start, 7)}`}>Next week</Link>
          </nav>
        }
      />
      <ol className="grid gap-3 md:grid-cols-7">
        {days.map((day) => {
          const weekday = isoWeekday(day);
          const hours = listing.openingHours.filter((h) => h.weekday === weekday);
          const onDay = bookings.filter((b) => utcToZoned(b.startsAt, tz).date === day);
          return (
            <li key={day} aria-label={formatLocalDate(day)} className="min-h-40 rounded-xl border border-birch-200 bg-white p-3">
              <p className="font-semibold">{new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`))}</p>
              <p className="text-xs text-pine-600">
                {hours.length ? hours.map((h) => `${formatTimeOfDay(h.opensAt)}–${formatTimeOfDay(h.closesAt)}`).join(", ") : "Closed"}
              </p>
              <ul className="mt-2 space-y-2">
                {onDay.map((b) => (
                  <li key={b.id} className="rounded-lg bg-birch-100 p-2 text-xs">
                    <p className="font-semibold">
                      {formatTimeOfDay(utcToZoned(b.startsAt, tz).minutes)}–{formatTimeOfDay(utcToZoned(b.endsAt, tz).minutes)}
                    </p>
                    <p>
                      {b.customer.name}, {b.guests} guest{b.guests === 1 ? "" : "s"}
                    </p>
                    <StatusBadge status={b.status} />
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </>
  );
}

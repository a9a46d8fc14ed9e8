"use server";
import { actionWithId } from "@/lib/actions";
import { now } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { isSlotTaken } from "@/lib/bookings/availability";
import { quoteListing, quoteSchema } from "@/lib/listings";
import type { QuoteView } from "@/components/listings/quote-view";
import { formatMoney } from "@/lib/money";
import { formatLocalDate, formatTimeOfDay } from "@/lib/time";

/** Server-computed price of a time range: the browser sends the range, never a price. */
export const quotePrice = actionWithId(
  quoteSchema,
  async ({ id, input }) => {
    const q = await quoteListing(
      prisma,
      id,
      { date: input.date, startMinutes: input.start, endMinutes: input.end, guests: input.guests },
      { feeBps: env.PLATFORM_FEE_BPS, now: now() },
    );
    if (await isSlotTaken(prisma, id, q.startsAt, q.endsAt)) {
      const taken = "Taken: someone has already booked part of this time. Choose another time.";
      throw new ValidationError(`This time cannot be booked. ${taken}`, { start: [taken] });
    }
    return q;
  },
  {
    access: "public",
    onSuccess: (q, { input }) => {
      const money = (minor: number) => formatMoney(minor, q.currency);
      const data: QuoteView = {
        when: `${formatLocalDate(input.date)}, ${formatTimeOfDay(input.start)}–${formatTimeOfDay(input.end)}`,
        guests: input.guests,
        lines: [
          { label: `${q.hours} h × ${money(q.hourlyPrice)}`, amount: money(q.subtotalAmount) },
          { label: "Service fee", amount: money(q.feeAmount) },
        ],
        total: money(q.totalAmount),
      };
      return { message: `Total ${data.total} for ${q.hours} hour${q.hours === 1 ? "" : "s"}.`, data };
    },
  },
);

"use server";
import { z } from "zod";
import { actionWithId } from "@/lib/actions";
import { takenRangesOn, type TakenRange } from "@/lib/bookings/availability";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { localDateSchema } from "@/lib/listings/schemas";

/** The taken parts of a date at a listing (times only, nobody's details). */
export const takenSlots = actionWithId(
  z.object({ date: localDateSchema }),
  async ({ id, input }): Promise<TakenRange[]> => {
    const listing = await prisma.listing.findUnique({ where: { id }, select: { id: true, timeZone: true, active: true } });
    if (!listing || !listing.active) throw new NotFound("Sauna");
    return takenRangesOn(prisma, listing, input.date);
  },
  { access: "public", onSuccess: (ranges) => ({ message: `${ranges.length} taken`, data: ranges }) },
);

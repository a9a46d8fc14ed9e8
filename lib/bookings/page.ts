/**
 * The booking a page shows: an id that cannot be a booking's, or one the viewer may not see,
 * is the not-found page (no existence leak).
 */
import { notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { isPlausibleId } from "@/lib/validation";
import { getBookingForViewer } from "./customer";

export async function bookingForPage(db: Db, viewer: Actor, id: string) {
  if (!isPlausibleId(id)) notFound();
  try {
    return await getBookingForViewer(db, viewer, id);
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

import { getCurrentUser } from "@/lib/auth";
import { describeStatus } from "@/lib/bookings/lifecycle";
import { getBookingForViewer } from "@/lib/bookings/customer";
import { bookingIcs } from "@/lib/calendar/ics";
import { prisma } from "@/lib/db";
import { appUrl } from "@/lib/email";
import { NotFound } from "@/lib/errors";
import { isPlausibleId } from "@/lib/validation";

const text = (body: string, status: number) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * "Add to calendar": one booking as an .ics file, for its customer, its host or an operator
 * (anyone else: 404, as on the booking's pages).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return text("Sign in to add this booking to your calendar.", 401);
  const { id } = await params;
  if (!isPlausibleId(id)) return text("Booking was not found.", 404);
  let booking;
  try {
    booking = await getBookingForViewer(prisma, user, id);
  } catch (error) {
    if (error instanceof NotFound) return text(error.message, 404);
    throw error;
  }
  const page =
    user.role === "CUSTOMER" ? `/account/bookings/${booking.id}` : user.role === "PROVIDER" ? `/provider/bookings/${booking.id}` : `/admin/bookings/${booking.id}`;
  const ics = bookingIcs({
    id: booking.id,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    guests: booking.guests,
    updatedAt: booking.updatedAt,
    listing: booking.listing,
    with: user.role === "CUSTOMER" ? `host ${booking.listing.provider.name}` : booking.customer.name,
    url: appUrl(page),
    statusLabel: describeStatus(booking.status),
  });
  return new Response(ics, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="loyly-booking-${booking.id}.ics"`,
      "cache-control": "private, no-store",
    },
  });
}

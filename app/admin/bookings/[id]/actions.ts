"use server";
/**
 * Operator actions on one booking. Each goes through the safe-action wrapper (operators
 * only, checked against the database; zod-parsed fields) and calls the operator use cases.
 */
import { revalidatePath } from "next/cache";
import { actionWithId } from "@/lib/actions";
import { operatorReasonSchema, parseRefundAmount, refundSchema } from "@/lib/admin/schemas";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { appContext } from "@/lib/context";
import { cancelAsOperator, refundAsOperator, retryChargeNow } from "@/lib/use-cases/operator";
import { extendPayBy, resendPayNowEmail } from "@/lib/use-cases/follow-up";
import { extendPayBySchema, parseLocalDateTime } from "@/lib/admin/follow-up";
import { formatInstant } from "@/lib/time";

const OPERATOR = ["OPERATOR"] as const;

const refresh = (id: string) => {
  revalidatePath(`/admin/bookings/${id}`);
  revalidatePath("/admin/bookings");
  revalidatePath("/admin/payments");
  revalidatePath("/admin/follow-up");
};

export const retryChargeAction = actionWithId(
  operatorReasonSchema,
  ({ id, input, user }) => retryChargeNow(appContext(), user, { bookingId: id, reason: input.reason }),
  {
    access: OPERATOR,
    onSuccess: (result, { id }) => {
      refresh(id);
      switch (result.result) {
        case "paid":
          return "The charge succeeded. The booking is paid.";
        case "failed":
          return "The charge failed again; see the payment attempts below.";
        case "processing":
          return "The bank is still processing the payment; the booking updates when it finishes.";
        case "unknown":
          return "Stripe did not answer; the charge will be reconciled automatically.";
        default:
          return "Nothing was charged.";
      }
    },
  },
);

export const cancelBookingAction = actionWithId(
  operatorReasonSchema,
  ({ id, input, user }) => cancelAsOperator(appContext(), user, { bookingId: id, reason: input.reason }),
  {
    access: OPERATOR,
    onSuccess: (result, { id }) => {
      refresh(id);
      if (result.kind === "cancelled") return "The booking is cancelled. Customer and host were emailed.";
      const r = result.refund;
      return `The booking is cancelled and ${formatMoney(r.amount, r.currency)} refunded${r.status === "PENDING" ? " (pending at the bank)" : ""}.`;
    },
  },
);

export const refundBookingAction = actionWithId(
  refundSchema,
  async ({ id, input, user }) => {
    const booking = await prisma.booking.findUnique({ where: { id }, select: { currency: true } });
    if (!booking) throw new NotFound("Booking");
    const amount = parseRefundAmount(input.amount, booking.currency);
    return refundAsOperator(appContext(), user, { bookingId: id, amount, reason: input.reason });
  },
  {
    access: OPERATOR,
    onSuccess: (r, { id }) => {
      refresh(id);
      const money = formatMoney(r.amount, r.currency);
      const status = r.status === "PENDING" ? " It is pending at the bank." : "";
      return r.bookingStatus === "REFUNDED" && r.remaining === 0
        ? `Refunded ${money}. The booking is refunded in full.${status}`
        : `Refunded ${money}; ${formatMoney(r.remaining, r.currency)} can still be refunded.${status}`;
    },
  },
);

export const resendPayNowAction = actionWithId(
  operatorReasonSchema,
  ({ id, input, user }) => resendPayNowEmail(appContext(), user, { bookingId: id, reason: input.reason }),
  {
    access: OPERATOR,
    onSuccess: (_result, { id }) => {
      refresh(id);
      return "The pay-now link was emailed to the customer again.";
    },
  },
);

export const extendPayByAction = actionWithId(
  extendPayBySchema,
  async ({ id, input, user }) => {
    const booking = await prisma.booking.findUnique({ where: { id }, select: { listing: { select: { timeZone: true } } } });
    if (!booking) throw new NotFound("Booking");
    const timeZone = booking.listing.timeZone;
    const result = await extendPayBy(appContext(), user, { bookingId: id, payBy: parseLocalDateTime(input.payBy, timeZone), reason: input.reason });
    return { ...result, timeZone };
  },
  {
    access: OPERATOR,
    onSuccess: (r, { id }) => {
      refresh(id);
      return `The customer now has until ${formatInstant(r.payBy, r.timeZone)} to pay (was ${formatInstant(r.previous, r.timeZone)}). Customer and host were emailed.`;
    },
  },
);

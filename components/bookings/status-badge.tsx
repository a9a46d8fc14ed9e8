import { Badge } from "@/components/ui/page-header";
import { describeStatus } from "@/lib/bookings/lifecycle";
import type { BookingStatus } from "@/lib/generated/prisma/enums";

type Tone = "good" | "warn" | "neutral";

/** Every status has a tone: a new status does not compile until it is given one. */
const TONE: Record<BookingStatus, Tone> = {
  REQUESTED: "neutral",
  ACCEPTED: "good",
  CHARGING: "neutral",
  PAID: "good",
  COMPLETED: "good",
  PAYMENT_FAILED: "warn",
  DECLINED: "warn",
  EXPIRED: "warn",
  CANCELLED: "warn",
  PAYMENT_EXPIRED: "warn",
  REFUNDED: "warn",
  CANCELLED_PAID: "warn",
};

export function StatusBadge({ status }: { status: BookingStatus }) {
  return <Badge tone={TONE[status]}>{describeStatus(status)}</Badge>;
}

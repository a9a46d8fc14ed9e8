import { Badge } from "@/components/ui/page-header";
import { describeStatus } from "@/lib/bookings/lifecycle";
import type { BookingStatus } from "@/lib/generated/prisma/enums";

const GOOD: readonly BookingStatus[] = ["ACCEPTED", "PAID", "COMPLETED"];
const WARN: readonly BookingStatus[] = ["PAYMENT_FAILED", "DECLINED", "EXPIRED", "CANCELLED", "PAYMENT_EXPIRED", "REFUNDED"];

export function StatusBadge({ status }: { status: BookingStatus }) {
  const tone = GOOD.includes(status) ? "good" : WARN.includes(status) ? "warn" : "neutral";
  return <Badge tone={tone}>{describeStatus(status)}</Badge>;
}

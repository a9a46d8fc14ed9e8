/**
 * `GET /admin/bookings/export?…` — the operators' bookings list, with the same filters and
 * order as /admin/bookings, as a streamed CSV download. Operators only: checked here (401
 * signed out, 403 other roles), not just by the proxy.
 */
import { exportBookingsResponse } from "@/lib/admin/export";
import { getCurrentUser } from "@/lib/auth";
import { prisma } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return exportBookingsResponse(prisma, await getCurrentUser(), new URL(request.url), new Date());
}

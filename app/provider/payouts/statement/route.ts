/**
 * `GET /provider/payouts/statement?month=YYYY-MM` — the signed-in host's statement for one
 * UTC month as a CSV download. Hosts only: checked here (401 signed out, 403 other roles),
 * not just by the proxy; a malformed month is a 400 that says what to send.
 */
import { getCurrentUser } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { statementMonthSchema } from "@/lib/payouts/schemas";
import { hostStatementCsv } from "@/lib/payouts/statement";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in as a host to download your statement.\n", { status: 401 });
  if (user.role !== "PROVIDER") return new Response("Only hosts have payout statements.\n", { status: 403 });
  const month = statementMonthSchema.safeParse(new URL(request.url).searchParams.get("month") ?? undefined);
  if (!month.success) return new Response(`${month.error.issues[0]?.message ?? "Choose a month as YYYY-MM."}\n`, { status: 400 });
  const csv = await hostStatementCsv(prisma, user, month.data);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="loyly-statement-${month.data}-utc.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * `GET|POST /api/cron/charge-due`: one pass of the scheduled work (lib/jobs/pass.ts), for
 * Vercel Cron (vercel.json), the in-process scheduler of `npm run dev` / `npm start`, or a
 * system cron line. `Authorization: Bearer $CRON_SECRET`, else 401 and nothing runs.
 */
import { env } from "@/lib/env";
import { isAuthorizedCronRequest } from "@/lib/jobs/cron-auth";
import { runScheduledPass } from "@/lib/jobs/pass";
import { appContext } from "@/lib/context";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

async function handle(request: Request): Promise<Response> {
  if (!isAuthorizedCronRequest(request.headers.get("authorization"), env.CRON_SECRET)) {
    return Response.json({ error: "unauthorized" }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  }
  const summary = await runScheduledPass(appContext(), { trigger: "cron route", timeBudgetMs: 50_000 });
  return Response.json(summary, { status: summary.errors.length === 0 ? 200 : 500 });
}

export const GET = handle;
export const POST = handle;

/**
 * `npm run bench:admin [-- --n 100000] [--runs 30]`
 *
 * The operators' pages at scale: seeds N bookings (default 100,000) with their payment
 * attempts, refunds, webhook events, cron runs and emails into a throwaway embedded
 * PostgreSQL (or a throwaway database in DATABASE_URL) with set-based SQL (generate_series:
 * this is load, not demo data), vacuums it as autovacuum would, then times the real query
 * functions:
 *   - the dashboard (lib/admin/dashboard.ts) for 7, 30 and 90 days,
 *   - the bookings list (lib/admin/bookings.ts): every kind of search key, each filter,
 *     each sort, a deep page,
 *   - the CSV export stream (lib/admin/export.ts): rows per second over all N bookings.
 * Prints p50/p95 per case. Every SQL statement of every case is EXPLAINed: a sequential
 * scan of a large table is reported, and the full plan (EXPLAIN ANALYZE) is printed when
 * the case's p95 is over --slow-ms.
 */
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { listBookings } from "../lib/admin/bookings";
import { loadDashboard } from "../lib/admin/dashboard";
import { bookingsCsvStream } from "../lib/admin/export";
import type { BookingFilters } from "../lib/admin/schemas";
import { startThrowawayDatabase } from "./lib/db/throwaway";
import { PrismaClient } from "../lib/generated/prisma/client";

const { values: args } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    runs: { type: "string", default: "30" },
    "slow-ms": { type: "string", default: "100" },
  },
});
const N = Number(args.n);
const RUNS = Number(args.runs);
const SLOW_MS = Number(args["slow-ms"]);
if (!Number.isSafeInteger(N) || N < 1000) throw new Error("--n must be an integer ≥ 1000");
if (!Number.isSafeInteger(RUNS) || RUNS < 3) throw new Error("--runs must be an integer ≥ 3");

const CUSTOMERS = Math.max(100, Math.floor(N / 5));
const PROVIDERS = Math.max(10, Math.floor(N / 500));
const LISTINGS = Math.max(20, Math.floor(N / 100));
const LARGE_TABLES = ["bookings", "payment_attempts", "users", "refunds", "webhook_events", "outbox_emails", "booking_events"];

/** Set-based seed: users, listings, N bookings across all statuses (-90 … +60 days), attempts, refunds, events. */
async function seed(client: pg.Client): Promise<void> {
  const step = async (label: string, sql: string) => {
    const t = performance.now();
    const r = await client.query(sql);
    console.log(`  ${label.padEnd(22)} ${String(r.rowCount ?? "").padStart(8)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await step(
    "users (providers)",
    `INSERT INTO users (id, email, name, password_hash, role, updated_at)
     SELECT 'prov' || i, 'host' || i || '@hosts.bench', 'Host ' || i || ' Saunamaa', 'x', 'PROVIDER', now()
     FROM generate_series(1, ${PROVIDERS}) i`,
  );
  await step(
    "users (customers)",
    `INSERT INTO users (id, email, name, password_hash, role, stripe_customer_id, updated_at)
     SELECT 'cust' || i, 'customer' || i || '@example.bench', (ARRAY['Aino','Eino','Helmi','Väinö','Kerttu','Onni','Siiri','Toivo'])[1 + i % 8] || ' ' ||
            (ARRAY['Virtanen','Korhonen','Nieminen','Mäkinen','Hämäläinen','Laine','Heikkinen','Koskinen'])[1 + (i / 8) % 8] || ' ' || i,
            'x', 'CUSTOMER', 'cus_bench' || i, now()
     FROM generate_series(1, ${CUSTOMERS}) i`,
  );
  await step(
    "listings",
    `INSERT INTO listings (id, provider_id, slug, title, description, city, address, time_zone, hourly_price, currency, capacity, updated_at)
     SELECT 'list' || i, 'prov' || (1 + i % ${PROVIDERS}), 'bench-sauna-' || i,
            (ARRAY['Smoke','Lake','Harbour','Forest','Aurora','Island'])[1 + i % 6] || ' sauna ' || i, 'd',
            (ARRAY['Helsinki','Tampere','Rovaniemi','Stockholm'])[1 + i % 4], 'a',
            CASE WHEN i % 4 = 3 THEN 'Europe/Stockholm' ELSE 'Europe/Helsinki' END,
            3000 + (i % 10) * 500, CASE WHEN i % 4 = 3 THEN 'SEK' ELSE 'EUR' END, 6, now()
     FROM generate_series(1, ${LISTINGS}) i`,
  );
  // Booking i: listing 1 + i % L, its k-th booking on day k (no overlaps), spread -90 … +60 days.
  const spanHours = 150 * 24;
  const perListing = Math.ceil(N / LISTINGS);
  await step(
    "bookings",
    `INSERT INTO bookings (id, listing_id, customer_id, status, starts_at, ends_at, guests, hourly_price, hours,
                           subtotal_amount, fee_amount, total_amount, currency, stripe_customer_id, payment_method_id,
                           stripe_payment_intent_id, accepted_at, charge_at, pay_by, paid_at, next_attempt_at,
                           last_decline_code, refunded_amount, created_at, updated_at)
     SELECT 'bk' || lpad(i::text, 7, '0'), 'list' || (1 + i % ${LISTINGS}), 'cust' || (1 + i % ${CUSTOMERS}), s.status::"BookingStatus",
            t.starts, t.starts + interval '2 hours', 2, 4000, 2, 8000, 800, 8800,
            CASE WHEN (1 + i % ${LISTINGS}) % 4 = 3 THEN 'SEK' ELSE 'EUR' END,
            'cus_bench' || (1 + i % ${CUSTOMERS}), 'pm_bench' || (1 + i % ${CUSTOMERS}),
            CASE WHEN s.status NOT IN ('REQUESTED','DECLINED','EXPIRED') THEN 'pi_bench' || i END,
            t.starts - interval '20 days', t.starts - interval '7 days', t.starts - interval '2 days',
            CASE WHEN s.status IN ('PAID','COMPLETED','REFUNDED') THEN t.starts - interval '7 days' + (i % 50) * interval '1 hour' END,
            CASE WHEN s.status = 'PAYMENT_FAILED' THEN now() + (i % 96) * interval '1 hour' END,
            CASE WHEN s.status = 'PAYMENT_FAILED' THEN (ARRAY['insufficient_funds','card_declined','expired_card','authentication_required'])[1 + i % 4] END,
            CASE WHEN s.status = 'REFUNDED' THEN 8800 ELSE 0 END,
            t.starts - interval '30 days', now()
     FROM generate_series(1, ${N}) i
     CROSS JOIN LATERAL (SELECT now() - interval '90 days' + ((i / ${LISTINGS}) * (${spanHours} / ${perListing})) * interval '1 hour' AS starts) t
     CROSS JOIN LATERAL (SELECT CASE
         WHEN t.starts < now() THEN (ARRAY['COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','COMPLETED','REFUNDED','CANCELLED','DECLINED','EXPIRED','PAYMENT_EXPIRED'])[1 + i % 11]
         WHEN t.starts < now() + interval '7 days' THEN (ARRAY['PAID','PAID','PAID','PAID','PAID','PAYMENT_FAILED','CANCELLED','REFUNDED'])[1 + i % 8]
         ELSE (ARRAY['ACCEPTED','ACCEPTED','ACCEPTED','REQUESTED','DECLINED','CANCELLED'])[1 + i % 6] END AS status) s`,
  );
  await step(
    "attempts (off session)",
    `INSERT INTO payment_attempts (id, booking_id, kind, outcome, stripe_payment_intent_id, stripe_charge_id, payment_method_id, amount, currency, started_at, finished_at)
     SELECT 'pa1' || b.id, b.id, 'OFF_SESSION', CASE WHEN b.paid_at IS NOT NULL AND right(b.id, 1) <> '0' THEN 'SUCCEEDED' ELSE 'DECLINED' END::"PaymentAttemptOutcome",
            b.stripe_payment_intent_id, 'ch_bench1' || b.id, b.payment_method_id, b.total_amount, b.currency, b.charge_at, b.charge_at
     FROM bookings b WHERE b.stripe_payment_intent_id IS NOT NULL AND b.charge_at < now()`,
  );
  await step(
    "attempts (failures)",
    `UPDATE payment_attempts a SET decline_code = (ARRAY['insufficient_funds','card_declined','expired_card','do_not_honor'])[1 + abs(hashtext(a.id)) % 4],
            error_code = 'card_declined', error_type = 'card_error'
     WHERE a.outcome = 'DECLINED'`,
  );
  await step(
    "attempts (pay now)",
    `INSERT INTO payment_attempts (id, booking_id, kind, outcome, stripe_payment_intent_id, stripe_charge_id, payment_method_id, amount, currency, started_at, finished_at)
     SELECT 'pa2' || b.id, b.id, 'ON_SESSION', 'SUCCEEDED', b.stripe_payment_intent_id, 'ch_bench2' || b.id, 'pm_new' || b.id, b.total_amount, b.currency, b.paid_at, b.paid_at
     FROM bookings b WHERE b.paid_at IS NOT NULL AND right(b.id, 1) = '0'`,
  );
  await step(
    "refunds",
    `INSERT INTO refunds (id, booking_id, stripe_refund_id, amount, currency, status, created_at, updated_at)
     SELECT 'rf' || b.id, b.id, 're_bench' || b.id, b.total_amount, b.currency, 'SUCCEEDED', b.paid_at + interval '2 days', now()
     FROM bookings b WHERE b.status = 'REFUNDED' AND b.paid_at IS NOT NULL`,
  );
  await step(
    "booking events",
    `INSERT INTO booking_events (id, booking_id, at, actor_type, type, to_status)
     SELECT 'ev' || b.id, b.id, b.created_at, 'CUSTOMER', 'request', 'REQUESTED' FROM bookings b`,
  );
  await step(
    "webhook events",
    `INSERT INTO webhook_events (id, type, status, payload, received_at, processed_at)
     SELECT 'evt_bench' || i, 'payment_intent.succeeded', CASE WHEN i % 500 = 0 THEN 'FAILED' ELSE 'PROCESSED' END::"WebhookEventStatus",
            jsonb_build_object('id', 'evt_bench' || i, 'created', extract(epoch FROM now() - (i % 2160) * interval '1 hour')::bigint - (i % 7)),
            now() - (i % 2160) * interval '1 hour', now() - (i % 2160) * interval '1 hour'
     FROM generate_series(1, ${Math.floor(N / 2)}) i`,
  );
  await step(
    "cron runs",
    `INSERT INTO cron_runs (id, job, status, started_at, finished_at, counts, errors)
     SELECT 'cr' || i, 'charge-due', 'SUCCEEDED', now() - i * interval '1 minute', now() - i * interval '1 minute' + interval '800 ms',
            jsonb_build_object('charged', i % 5), '[]'::jsonb
     FROM generate_series(1, 129600) i`,
  );
  await step(
    "outbox emails",
    `INSERT INTO outbox_emails (id, "to", subject, text, template, booking_id, status, created_at)
     SELECT 'em' || b.id, 'customer@example.bench', 'Your booking', 'Hello', 'booking.accepted', b.id,
            CASE WHEN right(b.id, 2) = '00' THEN 'FAILED' ELSE 'SENT' END::"EmailStatus", b.created_at
     FROM bookings b`,
  );
  const t = performance.now();
  // VACUUM, not only ANALYZE: a bulk-loaded table has no visibility map until a vacuum, so every
  // index-only scan (what the operators' indexes are for) reads the table too and the planner
  // turns to sequential scans. A live database is vacuumed by autovacuum; the cases here run
  // before its first pass would.
  await client.query("VACUUM (ANALYZE)");
  console.log(`  VACUUM ANALYZE                  ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

interface Captured {
  query: string;
  params: unknown[];
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

async function main(): Promise<void> {
  console.log(`bench:admin — ${N.toLocaleString("en-GB")} bookings, ${RUNS} runs a case`);
  const database = await startThrowawayDatabase("bench_admin");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 10 }), log: [{ emit: "event", level: "query" }] });
  let capture: Captured[] | null = null;
  db.$on("query", (e) => {
    if (capture) capture.push({ query: e.query, params: JSON.parse(e.params) as unknown[] });
  });
  const failures: string[] = [];
  try {
    console.log("seeding…");
    await seed(client);
    const sizes = await client.query<{ t: string; n: string }>(
      `SELECT 'bookings' t, count(*)::text n FROM bookings UNION ALL SELECT 'payment_attempts', count(*)::text FROM payment_attempts
       UNION ALL SELECT 'users', count(*)::text FROM users UNION ALL SELECT 'refunds', count(*)::text FROM refunds`,
    );
    console.log(`  ${sizes.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString("en-GB")}`).join(", ")}`);

    const now = new Date();
    const some = await client.query<{ id: string; pi: string; cus: string; pm: string; email: string; title: string; provider: string }>(
      `SELECT b.id, b.stripe_payment_intent_id pi, b.stripe_customer_id cus, b.payment_method_id pm, c.email, l.title, l.provider_id provider
       FROM bookings b JOIN users c ON c.id = b.customer_id JOIN listings l ON l.id = b.listing_id
       WHERE b.status = 'REFUNDED' ORDER BY b.id LIMIT 1 OFFSET 7`,
    );
    const k = some.rows[0]!;
    const base: BookingFilters = { page: 1 };
    const listCases: [string, BookingFilters][] = [
      ["list: default (start, newest)", base],
      ["search: customer e-mail part", { ...base, q: k.email.split("@")[0] }],
      ["search: customer name", { ...base, q: "Kerttu Mäkinen 1234" }],
      ["search: host e-mail", { ...base, q: "host7@hosts" }],
      ["search: listing title", { ...base, q: "Aurora sauna 45" }],
      ["search: common word (many hits)", { ...base, q: "Virtanen" }],
      ["search: booking id", { ...base, q: k.id }],
      ["search: pi_", { ...base, q: k.pi }],
      ["search: cus_", { ...base, q: k.cus }],
      ["search: pm_", { ...base, q: k.pm }],
      ["search: ch_", { ...base, q: `ch_bench1${k.id}` }],
      ["search: re_", { ...base, q: `re_bench${k.id}` }],
      ["filter: status PAYMENT_FAILED", { ...base, status: "PAYMENT_FAILED" }],
      ["filter: listing", { ...base, listingId: "list17" }],
      ["filter: host", { ...base, providerId: k.provider }],
      ["filter: start dates (a week)", { ...base, from: now.toISOString().slice(0, 10), to: new Date(now.getTime() + 6 * 86_400_000).toISOString().slice(0, 10) }],
      ["filter: status + dates + search", { ...base, status: "COMPLETED", from: "2000-01-01", q: "Helmi" }],
      ["sort: amount asc", { ...base, sort: "amount", dir: "asc" }],
      ["sort: status", { ...base, sort: "status", dir: "asc" }],
      ["sort: requested, newest", { ...base, sort: "created", dir: "desc" }],
      ["deep page (page 3000)", { ...base, page: Math.max(1, Math.floor(N / 25) - 1000) }],
    ];
    const cases: [string, () => Promise<unknown>][] = [
      ...([7, 30, 90] as const).map((days) => [`dashboard: ${days} days`, () => loadDashboard(db, { days }, { now, smtpConfigured: true })] as [string, () => Promise<unknown>]),
      ...listCases.map(([name, f]) => [name, () => listBookings(db, f)] as [string, () => Promise<unknown>]),
    ];

    console.log(`\n${"case".padEnd(36)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)}  plan check`);
    let worstP95 = 0;
    for (const [name, run] of cases) {
      for (let i = 0; i < 2; i++) await run(); // warm-up
      capture = [];
      await run();
      const queries = capture;
      capture = null;
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const p50 = quantile(times, 0.5);
      const p95 = quantile(times, 0.95);
      worstP95 = Math.max(worstP95, p95);
      const seqScans = new Set<string>();
      for (const q of queries) {
        const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${q.query}`, q.params);
        for (const row of plan.rows) {
          const m = /Seq Scan on (\w+)/.exec(row["QUERY PLAN"]);
          if (m && LARGE_TABLES.includes(m[1]!)) seqScans.add(m[1]!);
        }
      }
      const check = seqScans.size ? `seq scan: ${[...seqScans].join(", ")}` : "indexes only";
      console.log(`${name.padEnd(36)} ${p50.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}  ${check}`);
      if (p95 > SLOW_MS) {
        failures.push(`${name}: p95 ${p95.toFixed(1)} ms > ${SLOW_MS} ms`);
        for (const q of queries) {
          const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.query}`, q.params);
          const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
          const ms = /Execution Time: ([\d.]+) ms/.exec(text)?.[1];
          if (Number(ms) > SLOW_MS / 4) console.log(`\n  -- slow statement (${ms} ms):\n  ${q.query.replace(/\s+/g, " ").slice(0, 400)}\n${text.replace(/^/gm, "    ")}\n`);
        }
      }
    }

    console.log("\nCSV export (streamed, keyset batches)");
    for (const [name, filters] of [
      ["all bookings", {}],
      ["status COMPLETED, sorted by amount", { status: "COMPLETED" as const, sort: "amount" as const, dir: "asc" as const }],
    ] as const) {
      const t = performance.now();
      const reader = bookingsCsvStream(db, filters).getReader();
      let bytes = 0;
      let lines = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (const b of value) if (b === 10) lines++;
      }
      const seconds = (performance.now() - t) / 1000;
      const rows = lines - 1;
      console.log(`  ${name.padEnd(36)} ${rows.toLocaleString("en-GB")} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ${Math.round(rows / seconds).toLocaleString("en-GB")} rows/s`);
    }
    console.log(`\nworst p95: ${worstP95.toFixed(1)} ms with ${N.toLocaleString("en-GB")} bookings`);
    if (failures.length) console.log(`over ${SLOW_MS} ms:\n  ${failures.join("\n  ")}`);
  } finally {
    await db.$disconnect();
    await client.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

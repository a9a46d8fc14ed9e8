/**
 * `npm run bench:emulator`: PaymentIntent create+confirm per second against an emulator in its own
 * process (one core), through the official SDK and through raw keep-alive HTTP.
 *   BENCH_SECONDS (default 5), BENCH_CONCURRENCY (default 32)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const KEY = "sk_test_emulator_bench";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startChild(port: number, dataDir: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
    env: { ...process.env, STRIPE_EMULATOR_PORT: String(port), STRIPE_EMULATOR_DATA_DIR: dataDir, STRIPE_EMULATOR_WEBHOOK_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("listening")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return child;
}

/** CPU seconds used so far by the emulator process (Linux /proc), or null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function run(label: string, op: () => Promise<void>): Promise<number> {
  await fetch(`http://127.0.0.1:${port}/_emulator/reset`, { method: "POST", headers: { authorization: `Bearer ${KEY}` } });
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  let errors = 0;
  const started = Date.now();
  const cpuBefore = cpuSeconds(childPid);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        try {
          await op();
          done++;
        } catch (e) {
          if (errors++ === 0) console.error(label, e);
        }
      }
    }),
  );
  const rate = done / ((Date.now() - started) / 1000);
  const cpuAfter = cpuSeconds(childPid);
  const perCpu = cpuBefore !== null && cpuAfter !== null && cpuAfter > cpuBefore ? done / (cpuAfter - cpuBefore) : null;
  console.log(
    `${label.padEnd(56)} ${rate.toFixed(0).padStart(6)} PI/s wall` +
      (perCpu ? `, ${perCpu.toFixed(0).padStart(6)} PI per emulator CPU-second` : "") +
      `  (${done} in ${SECONDS}s, ${errors} errors, concurrency ${CONCURRENCY})`,
  );
  return rate;
}

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), "stripe-emulator-bench-"));
const child = await startChild(port, dataDir);
const childPid = child.pid;
try {
  const stripe = new Stripe(KEY, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });
  const params = { amount: 2000, currency: "eur", payment_method: "pm_card_visa", automatic_payment_methods: { enabled: true, allow_redirects: "never" as const } };
  // warm-up
  for (let i = 0; i < 200; i++) await stripe.paymentIntents.create({ ...params, confirm: true });

  await run("SDK: create(confirm=true)  [1 request]", async () => {
    const pi = await stripe.paymentIntents.create({ ...params, confirm: true });
    if (pi.status !== "succeeded") throw new Error(pi.status);
  });
  await run("SDK: create + confirm      [2 requests]", async () => {
    const pi = await stripe.paymentIntents.create(params);
    const done = await stripe.paymentIntents.confirm(pi.id);
    if (done.status !== "succeeded") throw new Error(done.status);
  });

  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (path: string, body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path, method: "POST", agent, headers: { authorization: `Bearer ${KEY}`, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } },
        (res) => {
          let data = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (data += c));
          res.on("end", () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`${res.statusCode} ${data}`))));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const body = "amount=2000&currency=eur&payment_method=pm_card_visa&automatic_payment_methods[enabled]=true&automatic_payment_methods[allow_redirects]=never";
  await run("raw HTTP keep-alive: create(confirm=true)  [1 request]", async () => {
    await post("/v1/payment_intents", `${body}&confirm=true`);
  });
  await run("raw HTTP keep-alive: create + confirm      [2 requests]", async () => {
    const pi = JSON.parse(await post("/v1/payment_intents", body)) as { id: string };
    await post(`/v1/payment_intents/${pi.id}/confirm`, "");
  });
  agent.destroy();
} finally {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(dataDir, { recursive: true, force: true });
}

import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startScheduler, type Scheduler } from "./scheduler";

let server: http.Server | undefined;
let scheduler: Scheduler | undefined;
afterEach(async () => {
  scheduler?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

describe("scheduler", () => {
  it("POSTs the cron route with the bearer secret", async () => {
    const seen: { method?: string; url?: string; auth?: string }[] = [];
    const appUrl = await serve((req, res) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization });
      res.end("{}");
    });
    scheduler = startScheduler({ appUrl, cronSecret: "s3cret-s3cret-s3cret", log: () => {} });
    await expect(scheduler.tick()).resolves.toBe(200);
    expect(seen).toEqual([{ method: "POST", url: "/api/cron/charge-due", auth: "Bearer s3cret-s3cret-s3cret" }]);
  });

  it("logs a missing route once, not on every tick", async () => {
    const appUrl = await serve((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const lines: string[] = [];
    scheduler = startScheduler({ appUrl, cronSecret: "x".repeat(16), log: (l) => lines.push(l) });
    for (let i = 0; i < 3; i++) await scheduler.tick();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("404");
  });
});

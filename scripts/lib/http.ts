/**
 * One HTTP request without keep-alive: the scripts' probes and cron ticks must not leave
 * idle connections that make `next start` wait for them when it shuts down.
 */
import http from "node:http";
import https from "node:https";

export function requestStatus(
  url: string,
  options: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      { method: options.method ?? "GET", headers: { ...options.headers, connection: "close" }, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 60_000} ms`)));
    req.on("error", reject);
    req.end();
  });
}

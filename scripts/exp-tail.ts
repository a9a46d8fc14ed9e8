import autocannon from "autocannon";
import { startBenchStack } from "./lib/bench-stack";
const stack = await startBenchStack({ build: false });
try {
  for (const p of ["/", "/saunas/nuuksio-smoke-sauna"]) {
    const url = stack.url + p;
    await new Promise((r) => autocannon({ url, connections: 50, duration: 3, headers: { accept: "text/html" } }, r));
    const t0 = Date.now();
    const slow: [number, number][] = [];
    const lat: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const i = autocannon({ url, connections: 50, duration: 20, headers: { accept: "text/html" } }, (e) => (e ? reject(e) : resolve()));
      i.on("response", (_c, _s, _b, rt) => { lat.push(rt); if (rt > 150) slow.push([Date.now() - t0, Math.round(rt)]); });
    });
    lat.sort((a, b) => a - b);
    console.log(p, "n", lat.length, "p99", lat[Math.floor(lat.length * 0.99)], "slow>150ms", slow.length);
    const buckets = new Map<number, number>();
    for (const [t] of slow) buckets.set(Math.floor(t / 250) * 250, (buckets.get(Math.floor(t / 250) * 250) ?? 0) + 1);
    console.log(slow.slice(0, 60).map(([t, l]) => `${t}:${l}`).join(" "));
    console.log([...buckets].map(([t, n]) => `${(t / 1000).toFixed(2)}s:${n}`).join(" "));
  }
} finally {
  await stack.stop();
}

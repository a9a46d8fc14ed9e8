import { invalidRequest } from "./errors.js";

export type FaultKind = "error_500" | "delay" | "timeout" | "drop_after_success";

export interface FaultSpec {
  kind: FaultKind;
  /** next N matching requests; omitted with no rate = until cleared */
  count?: number;
  /** share of matching requests (0..1) */
  rate?: number;
  delayMs?: number;
  pathPrefix?: string;
  method?: string;
}

interface Fault extends FaultSpec {
  remaining: number | null;
}

const KINDS: FaultKind[] = ["error_500", "delay", "timeout", "drop_after_success"];

/** Faults injected into /v1 requests by tests (control API). */
export class FaultInjector {
  private faults: Fault[] = [];

  add(spec: FaultSpec): void {
    if (!KINDS.includes(spec.kind)) throw invalidRequest(`Unknown fault kind: ${String(spec.kind)}. Use one of ${KINDS.join(", ")}.`, { param: "kind" });
    if (spec.rate !== undefined && (spec.rate < 0 || spec.rate > 1)) throw invalidRequest("rate must be between 0 and 1", { param: "rate" });
    this.faults.push({ ...spec, remaining: spec.count ?? null });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The fault that hits this request, if any (consumes one of its count). */
  pick(method: string, path: string): Fault | undefined {
    for (const fault of this.faults) {
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (fault.pathPrefix && !path.startsWith(fault.pathPrefix)) continue;
      if (fault.rate !== undefined && Math.random() >= fault.rate) continue;
      if (fault.remaining !== null) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return fault;
    }
    return undefined;
  }
}

/** Fixed one-second window, like Stripe's per-second limits. */
export class RateLimiter {
  perSecond: number | null = null;
  private windowStart = 0;
  private count = 0;

  allow(now = Date.now()): boolean {
    if (this.perSecond === null) return true;
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count++;
    return this.count <= this.perSecond;
  }
}

/**
 * The lifecycle policy as configured in the environment: charge lead, payment
 * grace and request expiry. The pure rules live in lifecycle.ts; this reads their numbers.
 */
import { getEnv, type Env } from "@/lib/env";
import { DEFAULT_LIFECYCLE_POLICY, type LifecyclePolicy } from "./lifecycle";

type PolicyEnv = Pick<
  Env,
  "CHARGE_LEAD_HOURS" | "PAYMENT_GRACE_HOURS" | "REQUEST_EXPIRY_HOURS" | "REQUEST_EXPIRY_BEFORE_START_HOURS"
>;

export function lifecyclePolicy(env: PolicyEnv = getEnv()): LifecyclePolicy {
  return {
    ...DEFAULT_LIFECYCLE_POLICY,
    chargeLeadHours: env.CHARGE_LEAD_HOURS,
    paymentGraceHours: env.PAYMENT_GRACE_HOURS,
    requestExpiryHours: env.REQUEST_EXPIRY_HOURS,
    requestExpiryBeforeStartHours: env.REQUEST_EXPIRY_BEFORE_START_HOURS,
  };
}

/**
 * `POST /api/stripe/webhook`: Stripe's (or the emulator's) signed events. The raw body is
 * read as text — parsing it first would break the signature. Everything else is in
 * lib/payments/webhooks (verification, once-only processing, one handler per type).
 */
import { env } from "@/lib/env";
import { appContext } from "@/lib/context";
import { handleStripeWebhook } from "@/lib/payments/webhooks";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const payload = await request.text();
  const result = await handleStripeWebhook(appContext(), {
    payload,
    signature: request.headers.get("stripe-signature"),
    secret: env.STRIPE_WEBHOOK_SECRET,
    connectSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET,
  });
  return Response.json(result.body, { status: result.status });
}

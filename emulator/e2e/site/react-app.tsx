/**
 * The React test page: the unchanged @stripe/stripe-js `loadStripe` and
 * @stripe/react-stripe-js `<Elements>` / `<PaymentElement>`, running on the emulator's
 * Stripe.js (loaded by a <script> tag before this bundle).
 *
 * Query: kind=setup|payment, amount, sfu=off_session, deferred=1, redirect=always|if_required
 */
import { StrictMode, useEffect, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import { loadStripe, type StripeElementsOptions, type StripeError, type PaymentIntent, type SetupIntent } from "@stripe/stripe-js";
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";

interface IntentInfo {
  id: string;
  clientSecret: string;
  customer: string;
}

declare global {
  interface Window {
    __SITE__: { publishableKey: string };
    __changeEvents: unknown[];
  }
}

const query = new URLSearchParams(window.location.search);
const kind = query.get("kind") === "payment" ? "payment" : "setup";
const amount = Number(query.get("amount") ?? "4500");
const deferred = query.get("deferred") === "1";
const redirectAlways = query.get("redirect") === "always";
const returnUrl = `${window.location.origin}/return`;
window.__changeEvents = [];

const stripePromise = loadStripe(window.__SITE__.publishableKey);

async function createIntent(): Promise<IntentInfo> {
  const response = await fetch(kind === "setup" ? "/api/setup-intents" : "/api/payment-intents", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ amount, setup_future_usage: query.get("sfu") ?? undefined }),
  });
  if (!response.ok) throw new Error(`creating the intent failed: ${await response.text()}`);
  return (await response.json()) as IntentInfo;
}

type Outcome =
  | { kind: "error"; error: StripeError }
  | { kind: "intent"; intent: SetupIntent | PaymentIntent };

function paymentMethodId(intent: SetupIntent | PaymentIntent): string {
  const pm = intent.payment_method;
  return typeof pm === "string" ? pm : pm?.id ?? "";
}

function ResultView({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return <output id="result" aria-live="polite" />;
  if (outcome.kind === "error") {
    const { error } = outcome;
    return (
      <output id="result" aria-live="polite" data-outcome="error" data-error-type={error.type}
        data-error-code={error.code ?? ""} data-decline-code={error.decline_code ?? ""}>
        {`Error: ${error.message ?? ""}`}
      </output>
    );
  }
  const { intent } = outcome;
  return (
    <output id="result" aria-live="polite" data-outcome="intent" data-status={intent.status}
      data-intent-id={intent.id} data-payment-method={paymentMethodId(intent)}>
      {`${intent.status} ${intent.id}`}
    </output>
  );
}

function CheckoutForm({ intent }: { intent: IntentInfo | null }) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [deferredIntent, setDeferredIntent] = useState<IntentInfo | null>(null);
  const shownIntent = intent ?? deferredIntent;

  async function confirm(clientSecret: string): Promise<Outcome | null> {
    if (!stripe || !elements) return null;
    const confirmParams = { return_url: returnUrl };
    if (kind === "setup") {
      const result = redirectAlways
        ? await stripe.confirmSetup({ elements, clientSecret, confirmParams })
        : await stripe.confirmSetup({ elements, clientSecret, confirmParams, redirect: "if_required" });
      return result.error ? { kind: "error", error: result.error } : { kind: "intent", intent: result.setupIntent };
    }
    const result = redirectAlways
      ? await stripe.confirmPayment({ elements, clientSecret, confirmParams })
      : await stripe.confirmPayment({ elements, clientSecret, confirmParams, redirect: "if_required" });
    return result.error ? { kind: "error", error: result.error } : { kind: "intent", intent: result.paymentIntent };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements || busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      let clientSecret = intent?.clientSecret;
      if (!clientSecret) {
        const submitted = await elements.submit();
        if (submitted.error) {
          setOutcome({ kind: "error", error: submitted.error });
          return;
        }
        const created = await createIntent();
        setDeferredIntent(created);
        clientSecret = created.clientSecret;
      }
      const result = await confirm(clientSecret);
      if (result) setOutcome(result);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-label={kind === "setup" ? "Save your card" : "Pay"}>
      {shownIntent && <p id="intent" data-intent-id={shownIntent.id} data-customer={shownIntent.customer}>Intent {shownIntent.id}</p>}
      <PaymentElement
        id="payment-element"
        onReady={() => setReady(true)}
        onChange={(event) => { window.__changeEvents.push(event); }}
      />
      <button type="submit" disabled={!stripe || !ready || busy}>
        {kind === "setup" ? "Save card" : "Pay now"}
      </button>
      <ResultView outcome={outcome} />
    </form>
  );
}

function App() {
  const [intent, setIntent] = useState<IntentInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (deferred) return;
    createIntent().then(setIntent, (err: unknown) => setFailure(String(err)));
  }, []);

  if (failure) return <p role="alert">{failure}</p>;
  if (!deferred && !intent) return <p>Loading…</p>;

  const options: StripeElementsOptions = deferred
    ? kind === "setup"
      ? { mode: "setup", currency: "eur", allowedPaymentMethodTypes: ["card"] }
      : { mode: "payment", amount, currency: "eur", allowedPaymentMethodTypes: ["card"] }
    : { clientSecret: intent?.clientSecret ?? "", appearance: { theme: "stripe", variables: { colorPrimary: "#8a4b2a" } } };

  return (
    <main>
      <h1>{kind === "setup" ? "Save a card for later" : "Pay for your sauna"}</h1>
      <Elements stripe={stripePromise} options={options}>
        <CheckoutForm intent={intent} />
      </Elements>
    </main>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

/**
 * The documented test cards (docs.stripe.com/testing) typed through the UI, with what Stripe documents for an
 * on-session SetupIntent and an on-session PaymentIntent (docs.stripe.com/testing).
 */
export type Expected =
  | { ok: true }
  | { ok: false; code: string; declineCode: string };

export interface CardCase {
  number: string;
  what: string;
  /** does confirming on session open the 3DS challenge? */
  threeDS: boolean;
  setup: Expected;
  payment: Expected;
}

const ok: Expected = { ok: true };
const declined = (code: string, declineCode: string): Expected => ({ ok: false, code, declineCode });

export const CARDS: CardCase[] = [
  { number: "4242424242424242", what: "succeeds", threeDS: false, setup: ok, payment: ok },
  { number: "4000002500003155", what: "authenticate unless set up", threeDS: true, setup: ok, payment: ok },
  { number: "4000002760003184", what: "always authenticate", threeDS: true, setup: ok, payment: ok },
  { number: "4000003800000446", what: "already set up", threeDS: true, setup: ok, payment: ok },
  {
    number: "4000008260003178", what: "3DS then insufficient funds", threeDS: true,
    setup: ok, payment: declined("card_declined", "insufficient_funds"),
  },
  {
    number: "4000000000000341", what: "attaches, charges decline", threeDS: false,
    setup: ok, payment: declined("card_declined", "generic_decline"),
  },
  {
    number: "4000000000009995", what: "insufficient funds", threeDS: false,
    setup: declined("card_declined", "insufficient_funds"), payment: declined("card_declined", "insufficient_funds"),
  },
  {
    number: "4000000000000002", what: "generic decline", threeDS: false,
    setup: declined("card_declined", "generic_decline"), payment: declined("card_declined", "generic_decline"),
  },
  {
    number: "4000000000009987", what: "lost card", threeDS: false,
    setup: declined("card_declined", "lost_card"), payment: declined("card_declined", "lost_card"),
  },
  {
    number: "4000000000000069", what: "expired card", threeDS: false,
    setup: declined("expired_card", "expired_card"), payment: declined("expired_card", "expired_card"),
  },
  {
    number: "4000000000000127", what: "incorrect CVC", threeDS: false,
    setup: declined("incorrect_cvc", "incorrect_cvc"), payment: declined("incorrect_cvc", "incorrect_cvc"),
  },
  {
    number: "4000000000000119", what: "processing error", threeDS: false,
    setup: declined("processing_error", "processing_error"), payment: declined("processing_error", "processing_error"),
  },
  { number: "4000000000003220", what: "3DS2 required", threeDS: true, setup: ok, payment: ok },
  {
    number: "4000008400001629", what: "3DS then declined", threeDS: true,
    setup: ok, payment: declined("card_declined", "generic_decline"),
  },
];

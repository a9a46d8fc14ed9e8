/*
 * Plain-JS test page for the Card Element and the confirmCard* calls.
 * Query: flow=setup|payment|paynow; paynow also takes cs (PaymentIntent client secret) and
 * pm (saved PaymentMethod id); manual=1 confirms with handleActions:false and then calls
 * stripe.handleNextAction.
 */
(async function () {
  'use strict';

  const query = new URLSearchParams(window.location.search);
  const flow = query.get('flow') || 'setup';
  const manual = query.get('manual') === '1';
  const stripe = Stripe(window.__SITE__.publishableKey);
  const form = document.getElementById('form');
  const submit = document.getElementById('submit');
  const result = document.getElementById('result');
  const cardError = document.getElementById('card-error');
  window.__cardEvents = [];

  function show(outcome) {
    result.removeAttribute('data-error-code');
    result.removeAttribute('data-decline-code');
    result.removeAttribute('data-status');
    if (outcome.error) {
      result.dataset.outcome = 'error';
      result.dataset.errorType = outcome.error.type || '';
      result.dataset.errorCode = outcome.error.code || '';
      result.dataset.declineCode = outcome.error.decline_code || '';
      result.textContent = 'Error: ' + outcome.error.message;
      return;
    }
    const intent = outcome.setupIntent || outcome.paymentIntent;
    result.dataset.outcome = 'intent';
    result.dataset.status = intent.status;
    result.dataset.intentId = intent.id;
    result.dataset.paymentMethod = typeof intent.payment_method === 'string'
      ? intent.payment_method : (intent.payment_method && intent.payment_method.id) || '';
    result.textContent = intent.status + ' ' + intent.id;
  }

  let clientSecret = query.get('cs');
  if (flow !== 'paynow') {
    const response = await fetch(flow === 'setup' ? '/api/setup-intents' : '/api/payment-intents', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({}),
    });
    const info = await response.json();
    clientSecret = info.clientSecret;
    form.dataset.intentId = info.id;
    form.dataset.customer = info.customer;
  }

  let card = null;
  if (flow === 'paynow') {
    document.getElementById('card').hidden = true;
    submit.disabled = false;
    submit.textContent = 'Pay now with saved card';
  } else {
    card = stripe.elements().create('card', { hidePostalCode: true });
    card.on('ready', () => { submit.disabled = false; });
    card.on('change', (event) => {
      window.__cardEvents.push(event);
      cardError.textContent = event.error ? event.error.message : '';
    });
    card.mount('#card');
  }

  async function run() {
    const billing = { name: document.getElementById('name').value };
    if (flow === 'paynow') {
      return stripe.confirmCardPayment(clientSecret, { payment_method: query.get('pm') });
    }
    const data = { payment_method: { card, billing_details: billing } };
    if (flow === 'setup') return stripe.confirmCardSetup(clientSecret, data);
    if (!manual) return stripe.confirmCardPayment(clientSecret, data);
    const first = await stripe.confirmCardPayment(clientSecret, data, { handleActions: false });
    if (first.error || first.paymentIntent.status !== 'requires_action') return first;
    result.dataset.firstStatus = first.paymentIntent.status;
    return stripe.handleNextAction({ clientSecret });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      show(await run());
    } catch (err) {
      result.dataset.outcome = 'exception';
      result.textContent = 'Exception: ' + err.message;
    } finally {
      submit.disabled = false;
    }
  });
})();

/*
 * The emulator's 3D Secure challenge page. Two modes:
 * - in Stripe.js's modal (no return_url): after the server answered it tells the parent
 *   window with {source:'stripe-emulator-3ds', intent, outcome};
 * - redirect flow (return_url present): it navigates to return_url with Stripe's
 *   payment_intent / setup_intent, *_client_secret and redirect_status parameters.
 */
(function () {
  'use strict';

  const query = new URLSearchParams(window.location.search);
  const intentId = query.get('intent') || '';
  const clientSecret = query.get('client_secret') || '';
  const returnUrl = query.get('return_url');
  const isSetup = intentId.startsWith('seti_');

  const status = document.getElementById('status');
  const buttons = [document.getElementById('complete'), document.getElementById('fail')];
  document.getElementById('details').textContent =
    (isSetup ? 'Saving a card' : 'Payment') + ' · ' + (intentId || 'unknown intent');

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function redirectStatus(outcome, intent) {
    if (outcome !== 'complete' || !intent) return 'failed';
    if (intent.status === 'succeeded' || intent.status === 'requires_capture') return 'succeeded';
    if (intent.status === 'processing') return 'processing';
    return 'failed';
  }

  function finish(outcome, intent) {
    if (returnUrl) {
      const target = new URL(returnUrl, window.location.href);
      const key = isSetup ? 'setup_intent' : 'payment_intent';
      target.searchParams.set(key, intentId);
      target.searchParams.set(key + '_client_secret', clientSecret);
      target.searchParams.set('redirect_status', redirectStatus(outcome, intent));
      window.location.assign(target.toString());
      return;
    }
    if (window.parent && window.parent !== window) {
      window.parent.postMessage({ source: 'stripe-emulator-3ds', intent: intentId, outcome }, '*');
    }
    setStatus(outcome === 'complete' ? 'Authentication complete.' : 'Authentication failed.');
  }

  async function submit(outcome) {
    buttons.forEach((b) => { b.disabled = true; });
    setStatus(outcome === 'complete' ? 'Authenticating…' : 'Failing authentication…');
    try {
      const response = await fetch('/_emulator/3ds/' + encodeURIComponent(intentId) + '/' + outcome, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_secret: clientSecret }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        const message = (body && body.error && body.error.message) || 'The emulator answered ' + response.status + '.';
        throw new Error(message);
      }
      finish(outcome, body && body.intent);
    } catch (err) {
      setStatus('Could not record the authentication: ' + ((err && err.message) || err), true);
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  document.getElementById('complete').addEventListener('click', () => submit('complete'));
  document.getElementById('fail').addEventListener('click', () => submit('fail'));
  // The page ships them disabled, so that nobody (nor a test) clicks before this script runs.
  buttons.forEach((b) => { b.disabled = false; });
  // Keyboard users land on "Complete" once Stripe.js's modal gives this frame focus.
  const complete = document.getElementById('complete');
  const fail = document.getElementById('fail');
  complete.focus();
  const inModal = !returnUrl && window.parent && window.parent !== window;
  function tellParent(outcome) {
    window.parent.postMessage({ source: 'stripe-emulator-3ds', intent: intentId, outcome }, '*');
  }
  // The modal moves focus in from its close button: to the first or the last control.
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!inModal || event.source !== window.parent || !data || data.source !== 'stripe-emulator-3ds-modal') return;
    (data.focus === 'last' ? complete : fail).focus();
  });
  // Inside Stripe.js's modal: Escape closes it (a failed authentication, as the close button),
  // and Tab / Shift+Tab go round Fail, Complete and the modal's close button, never behind it.
  document.addEventListener('keydown', (event) => {
    if (!inModal) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      tellParent('cancel');
    } else if (event.key === 'Tab') {
      const order = [fail, complete];
      const at = order.indexOf(document.activeElement);
      const next = at + (event.shiftKey ? -1 : 1);
      event.preventDefault();
      if (at === -1) (event.shiftKey ? complete : fail).focus();
      else if (next < 0 || next >= order.length) tellParent('focus-close');
      else order[next].focus();
    }
  });
  window.addEventListener('focus', () => {
    if (!document.activeElement || document.activeElement === document.body) complete.focus();
  });
})();

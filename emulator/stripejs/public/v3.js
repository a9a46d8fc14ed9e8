/*
 * Stripe.js for the local Stripe emulator.
 *
 * Defines `window.Stripe` with the surface @stripe/stripe-js@10 and
 * @stripe/react-stripe-js@7 use: Elements (Payment Element, Card Element), the
 * confirm* / handle* / retrieve* / createPaymentMethod calls and the 3D Secure modal.
 * Card fields live in an iframe served from the emulator origin
 * (stripe-js/elements-frame.html): card data never touches this page.
 *
 * The emulator origin is where this script was loaded from; override it with
 * `<script data-emulator-origin="…">` or `window.STRIPE_EMULATOR_ORIGIN` when the file is
 * served from elsewhere (e.g. a Playwright route for https://js.stripe.com/**).
 */
(function () {
  'use strict';

  if (typeof window === 'undefined' || (window.Stripe && window.Stripe.__emulator)) return;

  // ------------------------------------------------------------------ configuration

  const currentScript = document.currentScript;
  const EMULATOR_ORIGIN = resolveEmulatorOrigin();
  const ASSETS = EMULATOR_ORIGIN + '/stripe-js/';
  const FRAME_READY_TIMEOUT_MS = 15000;
  const INERT_ELEMENT_TYPES = ['expressCheckout', 'linkAuthentication', 'paymentRequestButton', 'paymentMethodMessaging'];
  const CARD_ELEMENT_TYPES = ['payment', 'card'];

  function resolveEmulatorOrigin() {
    const configured = (currentScript && currentScript.dataset && currentScript.dataset.emulatorOrigin) ||
      window.STRIPE_EMULATOR_ORIGIN;
    if (configured) return new URL(configured, window.location.href).origin;
    if (currentScript && currentScript.src) return new URL(currentScript.src, window.location.href).origin;
    const script = Array.from(document.scripts).find((s) => /\/(stripe-js\/)?v3(\.js)?\/?(\?.*)?$/.test(s.src));
    return script ? new URL(script.src).origin : 'http://localhost:12111';
  }

  // ------------------------------------------------------------------ errors & helpers

  class IntegrationError extends Error {
    constructor(message) {
      super(message);
      this.name = 'IntegrationError';
    }
  }

  function appendForm(form, prefix, value) {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => appendForm(form, prefix + '[' + i + ']', v));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) appendForm(form, prefix ? prefix + '[' + k + ']' : k, v);
    } else {
      form.append(prefix, String(value));
    }
  }

  function connectionError() {
    return {
      type: 'api_connection_error',
      message: 'An error occurred with our connection to Stripe. Request was retried 0 times.',
    };
  }

  /** One call to the emulator's /v1 API. Resolves to { body } or { error } (Stripe's error object). */
  async function callApi(ctx, method, path, params) {
    const url = new URL(path, EMULATOR_ORIGIN);
    const headers = { Authorization: 'Bearer ' + ctx.key };
    if (ctx.apiVersion) headers['Stripe-Version'] = ctx.apiVersion;
    const form = new URLSearchParams();
    appendForm(form, '', params || {});
    const init = { method, headers, credentials: 'omit' };
    if (method === 'GET') {
      url.search = form.toString();
    } else {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      init.body = form.toString();
    }
    let response;
    try {
      response = await fetch(url.toString(), init);
    } catch (_) {
      return { error: connectionError() };
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || !body) {
      return {
        error: (body && body.error) ||
          { type: 'api_error', message: 'The emulator answered with status ' + response.status + '.' },
      };
    }
    return { body };
  }

  /** 'pi_123_secret_abc' → { kind: 'payment', id: 'pi_123', secret } */
  function parseClientSecret(secret, expected, method) {
    const valid = typeof secret === 'string' && secret.includes('_secret_');
    const id = valid ? secret.split('_secret_')[0] : '';
    const kind = id.startsWith('seti_') ? 'setup' : id.startsWith('pi_') ? 'payment' : null;
    if (!valid || !kind || (expected && kind !== expected)) {
      const what = expected === 'setup' ? 'SetupIntent' : expected === 'payment' ? 'PaymentIntent' : 'intent';
      throw new IntegrationError('Invalid value for ' + method + ': ' + what +
        ' client secret should be a client_secret string. You specified: ' + JSON.stringify(secret) + '.');
    }
    return { kind, id, secret };
  }

  const INTENT = {
    setup: { path: '/v1/setup_intents/', key: 'setupIntent', errorKey: 'setup_intent', lastError: 'last_setup_error', param: 'setup_intent' },
    payment: { path: '/v1/payment_intents/', key: 'paymentIntent', errorKey: 'payment_intent', lastError: 'last_payment_error', param: 'payment_intent' },
  };

  function isElementLike(value) {
    return Boolean(value && typeof value === 'object' && value.__emulatorElement === true);
  }

  // ------------------------------------------------------------------ events

  function makeEmitter(target) {
    const handlers = {};
    target.on = function (event, handler) {
      if (typeof handler !== 'function') {
        throw new IntegrationError('When adding an event listener, the handler must be a function.');
      }
      (handlers[event] = handlers[event] || []).push(handler);
      return target;
    };
    target.addListener = target.on;
    target.once = function (event, handler) {
      const wrapper = function () {
        target.off(event, wrapper);
        return handler.apply(this, arguments);
      };
      wrapper.original = handler;
      return target.on(event, wrapper);
    };
    target.off = function (event, handler) {
      if (!handlers[event]) return target;
      handlers[event] = handler
        ? handlers[event].filter((h) => h !== handler && h.original !== handler)
        : [];
      return target;
    };
    target.removeListener = target.off;
    target.removeAllListeners = function () {
      Object.keys(handlers).forEach((k) => delete handlers[k]);
      return target;
    };
    return function emit(event, payload) {
      (handlers[event] || []).slice().forEach((handler) => {
        try {
          handler(payload);
        } catch (err) {
          setTimeout(() => { throw err; });
        }
      });
    };
  }

  // ------------------------------------------------------------------ elements

  /**
   * An Element whose fields live in the emulator's frame. `group` is its Elements group.
   */
  function createFrameElement(group, type, initialOptions) {
    const element = { __emulatorElement: true, elementType: type };
    const emit = makeEmitter(element);
    let options = Object.assign({}, initialOptions || {});
    let container = null;
    let wrapper = null;
    let iframe = null;
    let port = null;
    let readyPromise = null;
    let readyTimer = null;
    let pending = new Map();
    let nextRequestId = 1;
    let destroyed = false;
    let lastChange = { empty: true, complete: false };
    let futureUsage = group._futureUsage();

    function assertAlive() {
      if (destroyed) throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
    }

    function setClasses(focused) {
      if (!container) return;
      const cl = container.classList;
      cl.add('StripeElement');
      cl.toggle('StripeElement--empty', Boolean(lastChange.empty));
      cl.toggle('StripeElement--complete', Boolean(lastChange.complete));
      cl.toggle('StripeElement--invalid', Boolean(lastChange.error));
      if (focused !== undefined) cl.toggle('StripeElement--focus', focused);
    }

    function onFrameMessage(message) {
      if (!message || typeof message.kind !== 'string') return;
      switch (message.kind) {
        case 'resize':
          if (iframe) iframe.style.height = Math.max(0, Number(message.height) || 0) + 'px';
          break;
        case 'change':
          lastChange = message.event;
          setClasses();
          emit('change', Object.assign({}, message.event));
          break;
        case 'focus':
          setClasses(true);
          emit('focus', { elementType: type });
          break;
        case 'blur':
          setClasses(false);
          emit('blur', { elementType: type });
          break;
        case 'escape':
          emit('escape', { elementType: type });
          break;
        case 'response': {
          const resolve = pending.get(message.id);
          pending.delete(message.id);
          if (resolve) resolve(message.result);
          break;
        }
        default:
          break;
      }
    }

    function resolveContainer(target) {
      if (typeof target === 'string') {
        const found = document.querySelector(target);
        if (!found) {
          throw new IntegrationError('The selector you specified (' + target + ') applies to no DOM elements that are ' +
            'currently on the page.\nMake sure the element exists on the page before calling mount().');
        }
        return found;
      }
      if (target && target.nodeType === 1) return target;
      throw new IntegrationError('Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.');
    }

    element.mount = function (target) {
      assertAlive();
      if (iframe) {
        throw new IntegrationError('This Element is already mounted. Use `unmount()` to unmount the Element ' +
          'before re-mounting.');
      }
      container = resolveContainer(target);
      wrapper = document.createElement('div');
      wrapper.className = '__PrivateStripeElement';
      wrapper.style.cssText = 'margin:0;padding:0;border:none;display:block;background:transparent;position:relative;opacity:1;';
      iframe = document.createElement('iframe');
      iframe.name = '__privateStripeFrame' + Math.floor(Math.random() * 1e6);
      iframe.title = 'Secure payment input frame';
      iframe.setAttribute('frameborder', '0');
      iframe.setAttribute('allowtransparency', 'true');
      iframe.setAttribute('scrolling', 'no');
      iframe.setAttribute('allow', 'payment *');
      iframe.style.cssText = 'border:none;margin:0;padding:0;width:1px;min-width:100%;overflow:hidden;display:block;' +
        'user-select:none;color-scheme:normal;height:' + (type === 'card' ? '40px' : '220px') + ';';
      iframe.src = ASSETS + 'elements-frame.html';

      const channel = new MessageChannel();
      port = channel.port1;
      port.onmessage = (event) => onFrameMessage(event.data);
      const framePort = channel.port2;
      const thisPort = channel.port1;
      const thisFrame = iframe;

      readyPromise = new Promise((resolve, reject) => {
        readyTimer = setTimeout(() => {
          const error = { type: 'api_connection_error', message: 'Failed to load the payment form from the Stripe emulator at ' + EMULATOR_ORIGIN + '.' };
          emit('loaderror', { elementType: type, error });
          reject(error);
        }, FRAME_READY_TIMEOUT_MS);
        const onReady = (event) => {
          if (!event.data || event.data.kind !== 'ready') return;
          clearTimeout(readyTimer);
          thisPort.removeEventListener('message', onReady);
          resolve();
          emit('ready', { elementType: type });
        };
        thisPort.addEventListener('message', onReady);
        thisPort.start();
        thisFrame.addEventListener('load', () => {
          if (!thisFrame.contentWindow) return;
          thisFrame.contentWindow.postMessage({
            kind: 'stripe-emulator:init',
            elementType: type,
            options: JSON.parse(JSON.stringify(options)),
            groupOptions: group._frameOptions(),
            pk: group._stripe._key,
            apiVersion: group._stripe._apiVersion || null,
            futureUsage,
            business: group._businessName(),
          }, EMULATOR_ORIGIN, [framePort]);
        }, { once: true });
      });
      readyPromise.catch(() => {});

      wrapper.appendChild(iframe);
      container.appendChild(wrapper);
      setClasses(false);
      emit('loaderstart', { elementType: type });
      if (type === 'payment') group._checkIntent(element);
      return undefined;
    };

    element.unmount = function () {
      assertAlive();
      if (!iframe) return;
      clearTimeout(readyTimer);
      if (port) port.close();
      pending.forEach((resolve) => resolve({ error: { type: 'invalid_request_error', message: 'The Element was unmounted.' } }));
      pending = new Map();
      wrapper.remove();
      if (container) {
        container.classList.remove('StripeElement', 'StripeElement--empty', 'StripeElement--complete',
          'StripeElement--invalid', 'StripeElement--focus');
      }
      iframe = null;
      wrapper = null;
      port = null;
      container = null;
      readyPromise = null;
    };

    element.destroy = function () {
      if (destroyed) return;
      if (iframe) element.unmount();
      destroyed = true;
      group._forget(element);
      element.removeAllListeners();
    };

    function post(message) {
      if (port) port.postMessage(message);
    }

    element.update = function (updates) {
      assertAlive();
      if (updates && typeof updates === 'object') {
        if ('clientSecret' in updates) {
          throw new IntegrationError('clientSecret cannot be updated on an Element; create a new Elements group.');
        }
        options = Object.assign({}, options, updates);
        post({ kind: 'update', options: JSON.parse(JSON.stringify(updates)) });
      }
    };
    element.focus = function () { assertAlive(); post({ kind: 'focus' }); if (iframe) iframe.focus(); };
    element.blur = function () { assertAlive(); post({ kind: 'blur' }); };
    element.clear = function () { assertAlive(); post({ kind: 'clear' }); };
    element.collapse = function () { assertAlive(); return element; };

    /** Asks the frame to do something with the card data it holds; resolves to its result. */
    element._request = async function (op, params) {
      if (destroyed || !iframe || !readyPromise) {
        throw new IntegrationError('We could not retrieve data from the specified Element.\n' +
          'Please make sure the Element you are attempting to use is still mounted.');
      }
      try {
        await readyPromise;
      } catch (error) {
        return { error };
      }
      const id = nextRequestId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        post({ kind: 'request', id, op, params: JSON.parse(JSON.stringify(params || {})) });
      });
    };
    element._groupUpdated = function () {
      const nextFutureUsage = group._futureUsage();
      futureUsage = nextFutureUsage;
      post({ kind: 'update', groupOptions: group._frameOptions(), futureUsage: nextFutureUsage });
    };
    element._setFutureUsage = function (value) {
      futureUsage = value;
      post({ kind: 'update', futureUsage: value });
    };
    element._loadError = function (error) {
      emit('loaderror', { elementType: type, error });
    };
    element._isMounted = () => Boolean(iframe);
    element._isDestroyed = () => destroyed;
    return element;
  }

  /** Elements that need wallets or Link: rendered as nothing, they report ready and stay empty. */
  function createInertElement(group, type) {
    const element = { __emulatorElement: true, elementType: type };
    const emit = makeEmitter(element);
    let mounted = false;
    element.mount = function () {
      mounted = true;
      setTimeout(() => emit('ready', { elementType: type, availablePaymentMethods: undefined }), 0);
    };
    element.unmount = function () { mounted = false; };
    element.destroy = function () { mounted = false; group._forget(element); };
    element.update = function () {};
    element.focus = element.blur = element.clear = element.collapse = function () {};
    element._isMounted = () => mounted;
    element._isDestroyed = () => false;
    return element;
  }

  function createElementsGroup(stripe, initialOptions) {
    const group = {};
    const emit = makeEmitter(group);
    let options = Object.assign({}, initialOptions || {});
    const elements = new Map();
    let submitted = false;
    let intentInfo = null; // { kind, futureUsage } once the client secret's intent is known

    if (options.clientSecret && options.mode) {
      throw new IntegrationError('Do not specify both `clientSecret` and `mode` when creating the Elements group.');
    }
    if (options.clientSecret) parseClientSecret(options.clientSecret, null, 'elements()');
    if (options.mode && !['payment', 'setup', 'subscription'].includes(options.mode)) {
      throw new IntegrationError('Invalid value for elements(): mode should be one of payment, setup or subscription. ' +
        'You specified: ' + options.mode + '.');
    }
    if (options.mode === 'payment' || options.mode === 'subscription') {
      if (typeof options.amount !== 'number' || typeof options.currency !== 'string') {
        throw new IntegrationError('In mode ' + options.mode + ', elements() requires `amount` and `currency`.');
      }
    }

    group._stripe = stripe;
    group._options = () => options;
    group._frameOptions = () => ({
      appearance: options.appearance || null,
      locale: options.locale || stripe._locale || 'auto',
      mode: options.mode || null,
      currency: options.currency || null,
      amount: options.amount === undefined ? null : options.amount,
    });
    group._businessName = () => (stripe._businessName || null);
    group._futureUsage = () => {
      if (intentInfo) return intentInfo.futureUsage;
      if (options.clientSecret) return parseClientSecret(options.clientSecret, null, 'elements()').kind === 'setup';
      return options.mode === 'setup' || Boolean(options.setupFutureUsage);
    };
    group._forget = (element) => {
      for (const [key, value] of elements) if (value === element) elements.delete(key);
    };
    group._isDeferred = () => !options.clientSecret;
    group._wasSubmitted = () => submitted;

    /** Reads the client secret's intent: a wrong secret is the Payment Element's loaderror. */
    group._checkIntent = async (element) => {
      if (!options.clientSecret) return;
      const { kind, id } = parseClientSecret(options.clientSecret, null, 'elements()');
      const result = await callApi(stripe._ctx(), 'GET', INTENT[kind].path + encodeURIComponent(id),
        { client_secret: options.clientSecret });
      if (result.error) {
        element._loadError(result.error);
        return;
      }
      intentInfo = { kind, futureUsage: kind === 'setup' || Boolean(result.body.setup_future_usage) };
      element._setFutureUsage(intentInfo.futureUsage);
    };

    group.create = function (type, elementOptions) {
      const known = CARD_ELEMENT_TYPES.includes(type) || INERT_ELEMENT_TYPES.includes(type);
      if (!known) {
        throw new IntegrationError('The Stripe emulator does not support Elements of type ' + JSON.stringify(type) +
          '. Supported: ' + CARD_ELEMENT_TYPES.concat(INERT_ELEMENT_TYPES).join(', ') + '.');
      }
      const existing = elements.get(type);
      if (existing && !existing._isDestroyed()) {
        throw new IntegrationError('Can only create one Element of type ' + type + '.');
      }
      if (type === 'payment' && !options.clientSecret && !options.mode) {
        throw new IntegrationError('In order to create a payment element, you must pass a valid PaymentIntent or ' +
          'SetupIntent client secret or a `mode` when creating the Elements group.');
      }
      if ((type === 'payment' && elements.has('card')) || (type === 'card' && elements.has('payment'))) {
        throw new IntegrationError('The Payment Element and the Card Element cannot be created in the same Elements group.');
      }
      const element = INERT_ELEMENT_TYPES.includes(type)
        ? createInertElement(group, type)
        : createFrameElement(group, type, elementOptions);
      elements.set(type, element);
      return element;
    };

    group.getElement = function (typeOrComponent) {
      const type = typeof typeOrComponent === 'string'
        ? typeOrComponent
        : typeOrComponent && typeOrComponent.__elementType;
      const element = elements.get(type);
      return element && !element._isDestroyed() ? element : null;
    };

    group.update = function (updates) {
      if (updates && typeof updates === 'object') {
        if ('clientSecret' in updates && updates.clientSecret !== options.clientSecret) {
          throw new IntegrationError('clientSecret is not a mutable property of the Elements group.');
        }
        options = Object.assign({}, options, updates);
        elements.forEach((element) => element._groupUpdated && element._groupUpdated());
      }
      setTimeout(() => emit('update-end'), 0);
      return Promise.resolve();
    };

    group.fetchUpdates = async function () {
      if (!options.clientSecret) return {};
      const { kind, id } = parseClientSecret(options.clientSecret, null, 'elements.fetchUpdates()');
      const result = await callApi(stripe._ctx(), 'GET', INTENT[kind].path + encodeURIComponent(id),
        { client_secret: options.clientSecret });
      if (result.error) return { error: result.error };
      intentInfo = { kind, futureUsage: kind === 'setup' || Boolean(result.body.setup_future_usage) };
      elements.forEach((element) => element._groupUpdated && element._groupUpdated());
      return {};
    };

    group.submit = async function () {
      const element = group.getElement('payment');
      if (!element || !element._isMounted()) {
        throw new IntegrationError('elements.submit() requires a mounted Payment Element.');
      }
      const result = await element._request('submit');
      submitted = !result.error;
      return result;
    };

    return group;
  }

  // ------------------------------------------------------------------ 3D Secure modal

  /** Shows the challenge page in a modal; resolves to 'complete' or 'fail'. */
  function runChallenge(url, intentId, clientSecret) {
    return new Promise((resolve) => {
      const previousFocus = document.activeElement;
      const overlay = document.createElement('div');
      overlay.setAttribute('data-stripe-emulator', 'three-d-secure');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.55);' +
        'display:flex;align-items:center;justify-content:center;';
      const dialog = document.createElement('div');
      dialog.setAttribute('role', 'dialog');
      dialog.setAttribute('aria-modal', 'true');
      dialog.setAttribute('aria-label', '3D Secure authentication');
      dialog.tabIndex = -1;
      dialog.style.cssText = 'position:relative;background:#fff;border-radius:8px;overflow:hidden;' +
        'width:min(500px, calc(100vw - 24px));height:min(600px, calc(100vh - 24px));' +
        'box-shadow:0 12px 40px rgba(0,0,0,.35);outline:none;';
      const close = document.createElement('button');
      close.type = 'button';
      close.setAttribute('aria-label', 'Close');
      close.textContent = '\u00d7';
      close.style.cssText = 'position:absolute;top:6px;right:8px;z-index:1;border:none;background:transparent;' +
        'font-size:24px;line-height:1;cursor:pointer;color:#6d6e78;padding:4px 8px;';
      const frame = document.createElement('iframe');
      frame.name = 'stripe-challenge-frame';
      frame.title = '3D Secure authentication';
      frame.src = url;
      frame.setAttribute('allow', 'payment *');
      frame.style.cssText = 'border:none;width:100%;height:100%;display:block;';

      let done = false;
      function finish(outcome) {
        if (done) return;
        done = true;
        window.removeEventListener('message', onMessage);
        document.removeEventListener('keydown', onKeydown, true);
        overlay.remove();
        for (const [element, wasInert] of madeInert) element.inert = wasInert;
        if (previousFocus && typeof previousFocus.focus === 'function') previousFocus.focus();
        resolve(outcome);
      }
      function onMessage(event) {
        const data = event.data;
        if (event.source !== frame.contentWindow || event.origin !== EMULATOR_ORIGIN) return;
        if (!data || data.source !== 'stripe-emulator-3ds' || data.intent !== intentId) return;
        // Escape pressed inside the challenge frame: the same as the close button.
        if (data.outcome === 'cancel') { cancel(); return; }
        // Tab past the challenge's last (or Shift+Tab past its first) control: the close button.
        if (data.outcome === 'focus-close') { close.focus(); return; }
        finish(data.outcome === 'complete' ? 'complete' : 'fail');
      }
      /** Closing the modal abandons the challenge: Stripe records a failed authentication. */
      async function cancel() {
        if (close.disabled) return;
        close.disabled = true;
        try {
          await fetch(EMULATOR_ORIGIN + '/_emulator/3ds/' + encodeURIComponent(intentId) + '/fail', {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ client_secret: clientSecret }).toString(),
          });
        } catch (_) {
          // The intent stays requires_action; the caller re-reads it either way.
        }
        finish('fail');
      }
      function onKeydown(event) {
        if (event.key === 'Escape') {
          event.stopPropagation();
          cancel();
        } else if (event.key === 'Tab') {
          // Keep focus inside the dialog: from the close button into the challenge (its first
          // control with Tab, its last with Shift+Tab); from anywhere else to the close button.
          event.preventDefault();
          if (document.activeElement === close) {
            frame.focus();
            if (frame.contentWindow) {
              frame.contentWindow.postMessage({ source: 'stripe-emulator-3ds-modal', focus: event.shiftKey ? 'last' : 'first' }, EMULATOR_ORIGIN);
            }
          } else {
            close.focus();
          }
        }
      }
      close.addEventListener('click', cancel);
      window.addEventListener('message', onMessage);
      document.addEventListener('keydown', onKeydown, true);
      frame.addEventListener('load', () => frame.focus(), { once: true });

      dialog.appendChild(close);
      dialog.appendChild(frame);
      overlay.appendChild(dialog);
      // The page behind the modal is inert (no focus, no clicks, hidden from screen readers)
      // until the challenge ends; each element's own inert state is restored afterwards.
      const madeInert = [];
      for (const element of Array.from(document.body.children)) {
        if (element === overlay || element.tagName === 'SCRIPT') continue;
        madeInert.push([element, Boolean(element.inert)]);
        element.inert = true;
      }
      document.body.appendChild(overlay);
      dialog.focus();
    });
  }

  // ------------------------------------------------------------------ the Stripe object

  function Stripe(key, stripeOptions) {
    if (typeof key !== 'string' || key.length === 0) {
      throw new IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
    }
    if (/^(sk|rk)_/.test(key)) {
      throw new IntegrationError('You should not use your secret key with Stripe.js.\n' +
        'Please pass a publishable key instead.');
    }
    if (!/^pk_(test|live)_/.test(key)) {
      throw new IntegrationError('Invalid value for Stripe(): apiKey should be a publishable key (pk_test_…). ' +
        'You specified: ' + key + '.');
    }
    const opts = stripeOptions || {};
    const stripe = { _key: key, _apiVersion: opts.apiVersion || null, _locale: opts.locale || null,
      _businessName: null, _wrappers: [], _appInfo: null };
    stripe._ctx = () => ({ key, apiVersion: stripe._apiVersion });

    // ---- intents

    async function retrieveIntent(kind, clientSecret) {
      const { id } = parseClientSecret(clientSecret, kind, 'retrieve' + (kind === 'setup' ? 'SetupIntent' : 'PaymentIntent'));
      const result = await callApi(stripe._ctx(), 'GET', INTENT[kind].path + encodeURIComponent(id), { client_secret: clientSecret });
      return result.error ? { error: result.error } : { [INTENT[kind].key]: result.body };
    }

    /** Maps a settled intent to Stripe.js's answer: the intent, or its last error. */
    function settle(kind, intent) {
      const spec = INTENT[kind];
      const lastError = intent[spec.lastError];
      if (intent.status === 'requires_payment_method' && lastError) {
        const error = Object.assign({}, lastError);
        error[spec.errorKey] = intent;
        return { error };
      }
      return { [spec.key]: intent };
    }

    /** Runs the intent's next action (the 3DS modal) and answers with the re-read intent. */
    async function handleActions(kind, intent, clientSecret) {
      const spec = INTENT[kind];
      if (intent.status !== 'requires_action' || !intent.next_action) return settle(kind, intent);
      const action = intent.next_action;
      if (action.type === 'redirect_to_url' && action.redirect_to_url && action.redirect_to_url.url) {
        window.location.assign(action.redirect_to_url.url);
        return new Promise(() => {});
      }
      const url = action.type === 'use_stripe_sdk' && action.use_stripe_sdk && action.use_stripe_sdk.stripe_js;
      if (!url) {
        return {
          error: {
            type: 'invalid_request_error',
            code: 'unsupported_next_action',
            message: 'The Stripe emulator cannot handle next_action of type ' + action.type + '.',
            [spec.errorKey]: intent,
          },
        };
      }
      await runChallenge(url, intent.id, clientSecret);
      const reread = await retrieveIntent(kind, clientSecret);
      if (reread.error) return reread;
      const fresh = reread[spec.key];
      if (fresh.status === 'requires_action') {
        return {
          error: {
            type: 'invalid_request_error',
            code: kind === 'setup' ? 'setup_intent_authentication_failure' : 'payment_intent_authentication_failure',
            message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
            [spec.errorKey]: fresh,
          },
        };
      }
      return settle(kind, fresh);
    }

    async function confirmIntent(kind, clientSecret, params, handle) {
      const { id } = parseClientSecret(clientSecret, kind, kind === 'setup' ? 'confirmSetup' : 'confirmPayment');
      const body = Object.assign({}, params, { client_secret: clientSecret, use_stripe_sdk: true });
      const result = await callApi(stripe._ctx(), 'POST', INTENT[kind].path + encodeURIComponent(id) + '/confirm', body);
      if (result.error) return { error: result.error };
      if (!handle) return settle(kind, result.body);
      return handleActions(kind, result.body, clientSecret);
    }

    /** Creates the PaymentMethod inside the element's frame; resolves { paymentMethod } or { error }. */
    function paymentMethodFromElement(element, params) {
      if (!isElementLike(element) || typeof element._request !== 'function') {
        throw new IntegrationError('Invalid value for payment_method.card: expected a mounted card Element.');
      }
      return element._request('createPaymentMethod', params);
    }

    function requirePaymentElement(elements, method) {
      const element = elements.getElement('payment');
      if (!element) {
        throw new IntegrationError(method + ': the Elements group has no Payment Element. Create and mount one first.');
      }
      return element;
    }

    function navigateToReturnUrl(kind, returnUrl, intent, clientSecret) {
      const spec = INTENT[kind];
      const target = new URL(returnUrl, window.location.href);
      target.searchParams.set(spec.param, intent.id);
      target.searchParams.set(spec.param + '_client_secret', clientSecret);
      target.searchParams.set('redirect_status', intent.status === 'processing' ? 'processing' : 'succeeded');
      window.location.assign(target.toString());
      return new Promise(() => {});
    }

    /** confirmPayment / confirmSetup with the Payment Element (or a payment_method id). */
    async function confirmWithElements(kind, args) {
      const method = kind === 'setup' ? 'stripe.confirmSetup()' : 'stripe.confirmPayment()';
      const input = args || {};
      const elements = input.elements;
      const confirmParams = Object.assign({}, input.confirmParams || {});
      const redirect = input.redirect || 'always';
      const clientSecret = input.clientSecret || (elements && elements._options().clientSecret);
      if (!clientSecret) {
        throw new IntegrationError(method + ': a `clientSecret` is required (pass it, or create the Elements group with it).');
      }
      if (redirect !== 'always' && redirect !== 'if_required') {
        throw new IntegrationError(method + ': `redirect` must be "always" or "if_required".');
      }
      if (redirect === 'always' && !confirmParams.return_url) {
        throw new IntegrationError(method + ': the `confirmParams.return_url` argument is required unless passing `redirect: \'if_required\'`');
      }
      parseClientSecret(clientSecret, kind, method);

      const pmData = confirmParams.payment_method_data;
      delete confirmParams.payment_method_data;
      if (typeof confirmParams.payment_method !== 'string') {
        if (!elements) throw new IntegrationError(method + ': pass `elements` or `confirmParams.payment_method`.');
        if (elements._isDeferred() && !elements._wasSubmitted()) {
          throw new IntegrationError('elements.submit() must be called before ' + method + '. Call elements.submit() ' +
            'as soon as your customer presses pay, prior to any asynchronous work.');
        }
        const created = await paymentMethodFromElement(requirePaymentElement(elements, method), {
          billing_details: pmData && pmData.billing_details,
          metadata: pmData && pmData.metadata,
          allow_redisplay: pmData && pmData.allow_redisplay,
        });
        if (created.error) return { error: created.error };
        confirmParams.payment_method = created.paymentMethod.id;
      }
      const result = await confirmIntent(kind, clientSecret, confirmParams, true);
      if (result.error || redirect === 'if_required') return result;
      return navigateToReturnUrl(kind, confirmParams.return_url, result[INTENT[kind].key], clientSecret);
    }

    /** confirmCardPayment / confirmCardSetup: payment_method is an id, { card: element }, or absent. */
    async function confirmCard(kind, clientSecret, data, options) {
      const method = kind === 'setup' ? 'confirmCardSetup' : 'confirmCardPayment';
      parseClientSecret(clientSecret, kind, method);
      const params = Object.assign({}, data || {});
      const pm = params.payment_method;
      if (pm && typeof pm === 'object') {
        if (!pm.card) throw new IntegrationError(method + ': payment_method must be an id or { card: cardElement }.');
        const created = await paymentMethodFromElement(pm.card, {
          billing_details: pm.billing_details, metadata: pm.metadata,
        });
        if (created.error) return { error: created.error };
        params.payment_method = created.paymentMethod.id;
      }
      const handle = !(options && options.handleActions === false);
      return confirmIntent(kind, clientSecret, params, handle);
    }

    async function handleNextActionFor(clientSecret, method) {
      const { kind } = parseClientSecret(clientSecret, null, method);
      const retrieved = await retrieveIntent(kind, clientSecret);
      if (retrieved.error) return retrieved;
      const intent = retrieved[INTENT[kind].key];
      if (intent.status !== 'requires_action') {
        return {
          error: {
            type: 'invalid_request_error',
            code: kind === 'setup' ? 'setup_intent_unexpected_state' : 'payment_intent_unexpected_state',
            message: 'This ' + (kind === 'setup' ? 'SetupIntent' : 'PaymentIntent') + ' is in status ' + intent.status +
              ' and has no next action to handle.',
            [INTENT[kind].errorKey]: intent,
          },
        };
      }
      return handleActions(kind, intent, clientSecret);
    }

    // ---- public API

    stripe.elements = (options) => createElementsGroup(stripe, options);

    stripe.confirmPayment = (args) => confirmWithElements('payment', args);
    stripe.confirmSetup = (args) => confirmWithElements('setup', args);
    stripe.confirmCardPayment = (clientSecret, data, options) => confirmCard('payment', clientSecret, data, options);
    stripe.confirmCardSetup = (clientSecret, data, options) => confirmCard('setup', clientSecret, data, options);
    stripe.handleCardSetup = stripe.confirmCardSetup;
    stripe.handleNextAction = (args) => handleNextActionFor(args && args.clientSecret, 'handleNextAction');
    stripe.handleCardAction = (clientSecret) => handleNextActionFor(clientSecret, 'handleCardAction');
    stripe.retrievePaymentIntent = (clientSecret) => retrieveIntent('payment', clientSecret);
    stripe.retrieveSetupIntent = (clientSecret) => retrieveIntent('setup', clientSecret);

    stripe.createPaymentMethod = async function (arg1, arg2, arg3) {
      // Legacy signature: createPaymentMethod('card', cardElement, { billing_details })
      if (typeof arg1 === 'string') {
        return stripe.createPaymentMethod(Object.assign({ type: arg1, card: arg2 }, arg3 || {}));
      }
      const input = arg1 || {};
      if (input.elements) {
        if (!input.elements._wasSubmitted()) {
          throw new IntegrationError('elements.submit() must be called before stripe.createPaymentMethod(). ' +
            'Call elements.submit() as soon as your customer presses pay, prior to any asynchronous work.');
        }
        const params = input.params || {};
        return paymentMethodFromElement(requirePaymentElement(input.elements, 'stripe.createPaymentMethod()'), {
          billing_details: params.billing_details, metadata: params.metadata, allow_redisplay: params.allow_redisplay,
        });
      }
      if (input.type !== 'card') {
        return { error: { type: 'invalid_request_error', message: 'The Stripe emulator only supports card PaymentMethods.' } };
      }
      return paymentMethodFromElement(input.card, {
        billing_details: input.billing_details, metadata: input.metadata, allow_redisplay: input.allow_redisplay,
      });
    };

    stripe.createToken = async function () {
      return {
        error: {
          type: 'invalid_request_error',
          code: 'unsupported',
          message: 'Tokens are not supported by the Stripe emulator; use createPaymentMethod instead.',
        },
      };
    };
    stripe.createSource = stripe.createToken;
    stripe.retrieveSource = stripe.createToken;
    stripe.createConfirmationToken = async function () {
      return { error: { type: 'invalid_request_error', code: 'unsupported', message: 'ConfirmationTokens are not supported by the Stripe emulator.' } };
    };

    /** Wallets do not exist here: a PaymentRequest that can never be shown. */
    stripe.paymentRequest = function (options) {
      const request = { _options: options || {} };
      makeEmitter(request);
      request.canMakePayment = () => Promise.resolve(null);
      request.show = () => { throw new IntegrationError('paymentRequest.show(): no wallet is available in the Stripe emulator.'); };
      request.update = (updates) => { Object.assign(request._options, updates || {}); };
      request.abort = () => {};
      request.isShowing = () => false;
      return request;
    };

    stripe.registerAppInfo = function (info) {
      if (!info || typeof info.name !== 'string') {
        throw new IntegrationError('registerAppInfo(): `name` is required.');
      }
      stripe._appInfo = Object.assign({}, info);
    };
    stripe._registerWrapper = function (wrapper) {
      if (wrapper && typeof wrapper.name === 'string') stripe._wrappers.push(Object.assign({}, wrapper));
    };
    stripe._emulatorOrigin = EMULATOR_ORIGIN;
    return stripe;
  }

  Stripe.version = 'endive';
  Stripe.__emulator = true;
  Stripe.IntegrationError = IntegrationError;
  window.Stripe = Stripe;
})();

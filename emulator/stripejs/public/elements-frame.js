/*
 * The card-input frame of the emulator's Stripe.js. It runs on the emulator origin, so
 * the app page never sees card numbers: this frame validates the fields, creates the
 * PaymentMethod itself (POST /v1/payment_methods with the publishable key) and hands the
 * parent page only the resulting object (id, brand, last4…).
 *
 * Protocol: the parent posts {kind:'stripe-emulator:init', …} with a MessagePort; every
 * later message travels over that private port.
 *   parent → frame: update {options, groupOptions} · focus · blur · clear ·
 *                   request {id, op: 'submit'|'createPaymentMethod', params}
 *   frame → parent: ready · resize {height} · change {event} · focus · blur · escape ·
 *                   response {id, result}
 */
(function () {
  'use strict';

  const Card = globalThis.StripeEmulatorCard;
  const API_ORIGIN = window.location.origin;
  const COUNTRIES = [
    ['AT', 'Austria'], ['BE', 'Belgium'], ['CA', 'Canada'], ['DK', 'Denmark'], ['EE', 'Estonia'],
    ['FI', 'Finland'], ['FR', 'France'], ['DE', 'Germany'], ['IE', 'Ireland'], ['IT', 'Italy'],
    ['LV', 'Latvia'], ['LT', 'Lithuania'], ['NL', 'Netherlands'], ['NO', 'Norway'], ['PL', 'Poland'],
    ['PT', 'Portugal'], ['ES', 'Spain'], ['SE', 'Sweden'], ['CH', 'Switzerland'],
    ['GB', 'United Kingdom'], ['US', 'United States'],
  ];
  const FIELD_ORDER = ['number', 'expiry', 'cvc', 'zip'];

  let port = null;
  let config = null; // { elementType, options, groupOptions, pk, apiVersion, futureUsage, business }
  let submitted = false;
  let hasFocus = false;
  let lastChange = '';
  const touched = { number: false, expiry: false, cvc: false, zip: false };
  /** name → { input, error } for the fields currently rendered */
  let fields = {};
  let brandEl = null;

  window.addEventListener('message', (event) => {
    if (port || event.source !== window.parent) return;
    const data = event.data;
    if (!data || data.kind !== 'stripe-emulator:init' || !event.ports || !event.ports[0]) return;
    port = event.ports[0];
    port.onmessage = (e) => onParentMessage(e.data);
    config = data;
    render();
    send({ kind: 'ready' });
    emitChange();
    observeHeight();
  });

  function send(message) {
    if (port) port.postMessage(message);
  }

  async function onParentMessage(message) {
    if (!message || typeof message.kind !== 'string') return;
    switch (message.kind) {
      case 'update':
        if (message.options) config.options = Object.assign({}, config.options, message.options);
        if (message.groupOptions) config.groupOptions = Object.assign({}, config.groupOptions, message.groupOptions);
        if ('futureUsage' in message) config.futureUsage = message.futureUsage;
        render();
        emitChange();
        break;
      case 'focus': {
        const first = FIELD_ORDER.map((n) => fields[n]).find(Boolean);
        if (first) first.input.focus();
        break;
      }
      case 'blur':
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        break;
      case 'clear':
        Object.values(fields).forEach((f) => { if (f.input.tagName === 'INPUT') f.input.value = ''; });
        submitted = false;
        Object.keys(touched).forEach((k) => { touched[k] = false; });
        updateBrand();
        emitChange();
        break;
      case 'request': {
        let result;
        try {
          result = await runRequest(message.op, message.params || {});
        } catch (err) {
          result = { error: { type: 'api_connection_error', message: String((err && err.message) || err) } };
        }
        send({ kind: 'response', id: message.id, result });
        break;
      }
      default:
        break;
    }
  }

  async function runRequest(op, params) {
    if (op === 'submit') {
      const error = validateForSubmit();
      return error ? { error } : { selectedPaymentMethod: 'card' };
    }
    if (op === 'createPaymentMethod') {
      const error = validateForSubmit();
      if (error) return { error };
      return createPaymentMethod(params);
    }
    return { error: { type: 'invalid_request_error', message: 'Unknown frame request: ' + op } };
  }

  // ---------------------------------------------------------------- rendering

  function isPaymentElement() {
    return config.elementType === 'payment';
  }

  /** Which billing inputs the Payment Element shows, from options.fields.billingDetails. */
  function billingFieldsShown() {
    const fieldsOpt = (config.options && config.options.fields) || {};
    const bd = fieldsOpt.billingDetails;
    if (bd === 'never') return { country: false, postalCode: false };
    const address = bd && typeof bd === 'object' ? bd.address : undefined;
    if (address === 'never') return { country: false, postalCode: false };
    const a = address && typeof address === 'object' ? address : {};
    return { country: a.country !== 'never', postalCode: a.postalCode !== 'never' };
  }

  function defaultCountry() {
    const dv = config.options && config.options.defaultValues;
    const fromOptions = dv && dv.billingDetails && dv.billingDetails.address && dv.billingDetails.address.country;
    if (fromOptions) return String(fromOptions).toUpperCase();
    const region = (navigator.language || '').split('-')[1];
    if (region && COUNTRIES.some(([code]) => code === region.toUpperCase())) return region.toUpperCase();
    return 'US';
  }

  function currentValues() {
    const values = {};
    for (const [name, f] of Object.entries(fields)) values[name] = f.input.value;
    return values;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'className') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    (children || []).forEach((c) => c && node.appendChild(c));
    return node;
  }

  /** A labelled input plus its error region, registered in `fields`. */
  function field(name, spec, visibleLabel) {
    const id = 'Field-' + name;
    const errorId = id + '-error';
    const input = el(spec.tag || 'input', Object.assign({
      id, name: spec.name, autocomplete: spec.autocomplete, 'aria-describedby': errorId,
      'aria-invalid': 'false',
    }, spec.attrs || {}));
    const error = el('div', { className: visibleLabel ? 'field-error' : 'visually-hidden', id: errorId, role: 'alert' });
    const label = el('label', { for: id, text: spec.label, className: visibleLabel ? null : 'visually-hidden' });
    fields[name] = { input, error };
    return el('div', { className: 'field ' + (spec.className || '') }, [label, input, error]);
  }

  function numberSpec(extra) {
    return Object.assign({
      label: 'Card number', name: 'cardnumber', autocomplete: 'cc-number',
      attrs: { type: 'text', inputmode: 'numeric', placeholder: '1234 1234 1234 1234', spellcheck: 'false' },
    }, extra);
  }
  const expirySpec = (extra) => Object.assign({
    label: 'Expiration date', name: 'exp-date', autocomplete: 'cc-exp',
    attrs: { type: 'text', inputmode: 'numeric', placeholder: 'MM / YY', spellcheck: 'false' },
  }, extra);
  const cvcSpec = (extra) => Object.assign({
    label: 'Security code', name: 'cvc', autocomplete: 'cc-csc',
    attrs: { type: 'text', inputmode: 'numeric', placeholder: 'CVC', spellcheck: 'false' },
  }, extra);

  function render() {
    const previous = currentValues();
    const root = document.getElementById('root');
    root.textContent = '';
    fields = {};
    applyAppearance();
    if (isPaymentElement()) renderPaymentElement(root, previous);
    else renderCardElement(root, previous);

    for (const [name, f] of Object.entries(fields)) {
      if (previous[name] !== undefined) f.input.value = previous[name];
      const disabled = Boolean(config.options && (config.options.disabled || config.options.readOnly));
      f.input.disabled = disabled;
      if (f.input.tagName === 'INPUT') {
        f.input.addEventListener('input', (e) => onInput(name, e));
        f.input.addEventListener('blur', () => onFieldBlur(name));
      } else {
        f.input.addEventListener('change', () => { render(); emitChange(); });
      }
    }
    updateBrand();
  }

  function renderPaymentElement(root, previous) {
    root.appendChild(el('div', { className: 'pe-method', text: 'Card' }));
    const numberField = field('number', numberSpec(), true);
    brandEl = el('span', { className: 'brand', 'aria-hidden': 'true' });
    numberField.insertBefore(brandEl, fields.number.error);
    root.appendChild(numberField);
    root.appendChild(el('div', { className: 'pe-row' }, [field('expiry', expirySpec(), true), field('cvc', cvcSpec(), true)]));

    const shown = billingFieldsShown();
    const country = previous.country || defaultCountry();
    const rowChildren = [];
    if (shown.country) {
      const select = field('country', { tag: 'select', label: 'Country', name: 'country', autocomplete: 'country' }, true);
      const input = fields.country.input;
      COUNTRIES.forEach(([code, name]) => input.appendChild(el('option', { value: code, text: name })));
      input.value = country;
      rowChildren.push(select);
    }
    if (shown.postalCode && countryFor(country) === 'US') {
      rowChildren.push(field('zip', {
        label: 'ZIP code', name: 'postal', autocomplete: 'postal-code',
        attrs: { type: 'text', inputmode: 'numeric', placeholder: '12345' },
      }, true));
    }
    if (rowChildren.length) root.appendChild(el('div', { className: 'pe-row' }, rowChildren));

    const terms = config.options && config.options.terms;
    if (config.futureUsage && !(terms && terms.card === 'never')) {
      const business = config.options && config.options.business;
      const who = (business && business.name) || config.business || 'this merchant';
      root.appendChild(el('p', {
        className: 'terms',
        text: 'By providing your card information, you allow ' + who +
          ' to charge your card for future payments in accordance with their terms.',
      }));
    }
  }

  function renderCardElement(root) {
    const opts = config.options || {};
    brandEl = el('span', { className: 'card-brand', 'aria-hidden': 'true' });
    const row = el('div', { className: 'card-row' }, [brandEl]);
    row.appendChild(field('number', numberSpec({ className: 'c-number' }), false));
    row.appendChild(field('expiry', expirySpec({ className: 'c-expiry' }), false));
    row.appendChild(field('cvc', cvcSpec({ className: 'c-cvc' }), false));
    if (!opts.hidePostalCode) {
      row.appendChild(field('zip', {
        label: 'ZIP', name: 'postal', autocomplete: 'postal-code', className: 'c-zip',
        attrs: { type: 'text', placeholder: 'ZIP' },
      }, false));
      const preset = opts.value && opts.value.postalCode;
      if (preset) fields.zip.input.value = preset;
    }
    if (opts.placeholder === false) Object.values(fields).forEach((f) => f.input.removeAttribute('placeholder'));
    root.appendChild(row);
  }

  /** 'US' for the Payment Element's country; null for the Card Element (country unknown). */
  function countryFor(selected) {
    if (!isPaymentElement()) return null;
    return selected || (fields.country ? fields.country.input.value : null) || defaultCountry();
  }

  function applyAppearance() {
    const rootEl = document.documentElement;
    const appearance = (config.groupOptions && config.groupOptions.appearance) || {};
    rootEl.classList.toggle('theme-night', appearance.theme === 'night');
    rootEl.classList.toggle('theme-flat', appearance.theme === 'flat');
    const vars = Object.assign({}, appearance.variables || {});
    const style = config.options && config.options.style;
    if (style && style.base) {
      if (style.base.color) vars.colorText = style.base.color;
      if (style.base.fontSize) vars.fontSizeBase = style.base.fontSize;
      if (style.base.fontFamily) vars.fontFamily = style.base.fontFamily;
    }
    if (style && style.invalid && style.invalid.color) vars.colorDanger = style.invalid.color;
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value === 'string' || typeof value === 'number') rootEl.style.setProperty('--' + name, String(value));
    }
  }

  // ---------------------------------------------------------------- input handling

  function numberDigits() {
    return fields.number ? Card.digitsOf(fields.number.input.value) : '';
  }

  /** Re-formats an input, keeping the caret after the same count of digits. */
  function reformat(input, formatted) {
    const caret = input.selectionStart === null ? input.value.length : input.selectionStart;
    const digitsBefore = Card.digitsOf(input.value.slice(0, caret)).length;
    const atEnd = caret === input.value.length;
    input.value = formatted;
    let pos = formatted.length;
    if (!atEnd) {
      let seen = 0;
      pos = 0;
      while (pos < formatted.length && seen < digitsBefore) {
        if (/\d/.test(formatted[pos])) seen += 1;
        pos += 1;
      }
    }
    input.setSelectionRange(pos, pos);
    return atEnd;
  }

  function onInput(name, event) {
    const f = fields[name];
    const deleting = Boolean(event.inputType && event.inputType.startsWith('delete'));
    let atEnd = true;
    if (name === 'number') {
      atEnd = reformat(f.input, Card.formatNumber(f.input.value));
      if (fields.cvc) fields.cvc.input.value = Card.formatCvc(fields.cvc.input.value, numberDigits());
      updateBrand();
    } else if (name === 'expiry') {
      atEnd = reformat(f.input, Card.formatExpiry(f.input.value, deleting));
    } else if (name === 'cvc') {
      atEnd = reformat(f.input, Card.formatCvc(f.input.value, numberDigits()));
    }
    emitChange();
    if (!deleting && atEnd) autoAdvance(name);
  }

  /** Like Stripe: a complete, valid field moves focus to the next one. */
  function autoAdvance(name) {
    const results = evaluate();
    if (!results[name] || !results[name].complete) return;
    const next = FIELD_ORDER.slice(FIELD_ORDER.indexOf(name) + 1).map((n) => fields[n]).find(Boolean);
    if (next && name !== 'zip') next.input.focus();
  }

  function onFieldBlur(name) {
    if (fields[name] && fields[name].input.value.trim() !== '') touched[name] = true;
    emitChange();
  }

  function updateBrand() {
    if (!brandEl) return;
    const brand = Card.brandOf(numberDigits());
    brandEl.textContent = brand === 'unknown' ? '' : brand;
  }

  // ---------------------------------------------------------------- validation

  /** Per-field {complete, error}; errors are reported once a field was left or submitted. */
  function evaluate() {
    const results = {};
    const nd = numberDigits();
    const report = (name) => submitted || touched[name];
    const hasValue = (name) => fields[name] && fields[name].input.value.trim() !== '';
    const hide = (name, r) => (hasValue(name) || submitted ? r : { complete: r.complete, error: null });
    if (fields.number) results.number = hide('number', Card.validateNumber(fields.number.input.value, report('number')));
    if (fields.expiry) results.expiry = hide('expiry', Card.validateExpiry(fields.expiry.input.value, report('expiry')));
    if (fields.cvc) results.cvc = hide('cvc', Card.validateCvc(fields.cvc.input.value, nd, report('cvc')));
    if (fields.zip) results.zip = hide('zip', Card.validateZip(fields.zip.input.value, countryFor(), report('zip')));
    return results;
  }

  function firstError(results) {
    for (const name of FIELD_ORDER) {
      if (results[name] && results[name].error) return results[name].error;
    }
    return null;
  }

  function showErrors(results) {
    for (const name of FIELD_ORDER) {
      const f = fields[name];
      if (!f) continue;
      const error = results[name] && results[name].error;
      f.input.setAttribute('aria-invalid', error ? 'true' : 'false');
      const text = error ? error.message : '';
      if (f.error.textContent !== text) f.error.textContent = text;
    }
  }

  function isEmpty() {
    return FIELD_ORDER.every((n) => !fields[n] || fields[n].input.value.trim() === '' ||
      (n === 'zip' && fields[n].input.value === (((config.options || {}).value || {}).postalCode || '')));
  }

  function emitChange() {
    const results = evaluate();
    showErrors(results);
    const error = firstError(results);
    const complete = FIELD_ORDER.every((n) => !results[n] || results[n].complete);
    const event = { elementType: config.elementType, empty: isEmpty(), complete };
    if (isPaymentElement()) {
      event.collapsed = false;
      event.value = { type: 'card' };
    } else {
      event.brand = Card.brandOf(numberDigits());
      event.value = { postalCode: fields.zip ? fields.zip.input.value.trim() : '' };
    }
    if (error) event.error = error;
    const key = JSON.stringify(event);
    if (key === lastChange) return;
    lastChange = key;
    send({ kind: 'change', event });
  }

  function validateForSubmit() {
    submitted = true;
    emitChange();
    const results = evaluate();
    showErrors(results);
    return firstError(results);
  }

  // ---------------------------------------------------------------- API

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

  function billingDetails(extra) {
    const details = JSON.parse(JSON.stringify(extra || {}));
    const address = Object.assign({}, details.address || {});
    if (fields.country) address.country = fields.country.input.value;
    if (fields.zip && fields.zip.input.value.trim()) address.postal_code = fields.zip.input.value.trim();
    if (Object.keys(address).length) details.address = address;
    return details;
  }

  async function createPaymentMethod(params) {
    const expiry = Card.validateExpiry(fields.expiry.input.value, true);
    const form = new URLSearchParams();
    form.append('type', 'card');
    form.append('card[number]', numberDigits());
    form.append('card[exp_month]', String(expiry.month));
    form.append('card[exp_year]', String(expiry.year));
    form.append('card[cvc]', Card.digitsOf(fields.cvc.input.value));
    appendForm(form, 'billing_details', billingDetails(params.billing_details));
    if (params.metadata) appendForm(form, 'metadata', params.metadata);
    if (params.allow_redisplay) form.append('allow_redisplay', params.allow_redisplay);
    form.append('payment_user_agent', 'stripe.js/emulator; stripe-js-v3/emulator; ' +
      (isPaymentElement() ? 'payment-element' : 'card-element'));

    const headers = {
      Authorization: 'Bearer ' + config.pk,
      'Content-Type': 'application/x-www-form-urlencoded',
    };
    if (config.apiVersion) headers['Stripe-Version'] = config.apiVersion;
    let response;
    try {
      response = await fetch(API_ORIGIN + '/v1/payment_methods', { method: 'POST', headers, body: form });
    } catch (err) {
      return { error: { type: 'api_connection_error', message: 'An error occurred with our connection to Stripe.' } };
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || !body) {
      return { error: (body && body.error) || { type: 'api_error', message: 'Unexpected response (' + response.status + ').' } };
    }
    return { paymentMethod: body };
  }

  // ---------------------------------------------------------------- focus & size

  document.addEventListener('focusin', () => {
    if (hasFocus) return;
    hasFocus = true;
    send({ kind: 'focus' });
  });
  document.addEventListener('focusout', (event) => {
    if (event.relatedTarget && document.contains(event.relatedTarget)) return;
    setTimeout(() => {
      const active = document.activeElement;
      if (active && active !== document.body && document.hasFocus()) return;
      if (!hasFocus) return;
      hasFocus = false;
      send({ kind: 'blur' });
    }, 0);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') send({ kind: 'escape' });
  });

  function observeHeight() {
    let last = -1;
    const report = () => {
      const height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        send({ kind: 'resize', height });
      }
    };
    new ResizeObserver(report).observe(document.body);
    report();
  }
})();

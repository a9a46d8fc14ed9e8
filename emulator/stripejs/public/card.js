/*
 * Card rules for the emulator's card-input frame: brand detection, formatting and
 * Stripe's client-side validation (codes and English messages as Stripe.js shows them).
 * Plain browser script; exposes `globalThis.StripeEmulatorCard`.
 */
(function () {
  'use strict';

  /** Brands in detection order. `pattern` is tested against the digits typed so far. */
  const BRANDS = [
    { brand: 'amex', pattern: /^3[47]/, lengths: [15], gaps: [4, 10], cvc: 4 },
    { brand: 'diners', pattern: /^3(0[0-5]|[689])/, lengths: [14, 16], gaps: [4, 10], cvc: 3 },
    { brand: 'jcb', pattern: /^35(2[89]|[3-8])/, lengths: [16], gaps: [4, 8, 12], cvc: 3 },
    { brand: 'discover', pattern: /^(6011|64[4-9]|65)/, lengths: [16], gaps: [4, 8, 12], cvc: 3 },
    { brand: 'unionpay', pattern: /^62/, lengths: [16, 17, 18, 19], gaps: [4, 8, 12], cvc: 3 },
    { brand: 'mastercard', pattern: /^(5[1-5]|2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/, lengths: [16], gaps: [4, 8, 12], cvc: 3 },
    { brand: 'visa', pattern: /^4/, lengths: [16], gaps: [4, 8, 12], cvc: 3 },
  ];
  const UNKNOWN = { brand: 'unknown', pattern: /^/, lengths: [16], gaps: [4, 8, 12], cvc: 3 };

  const MESSAGES = {
    incomplete_number: 'Your card number is incomplete.',
    invalid_number: 'Your card number is invalid.',
    incomplete_expiry: "Your card's expiration date is incomplete.",
    invalid_expiry_month: "Your card's expiration date is invalid.",
    invalid_expiry_year: "Your card's expiration year is invalid.",
    invalid_expiry_year_past: "Your card's expiration year is in the past.",
    invalid_expiry_month_past: "Your card's expiration date is in the past.",
    incomplete_cvc: "Your card's security code is incomplete.",
    incomplete_zip: 'Your ZIP is incomplete.',
  };

  function digitsOf(text) {
    return String(text || '').replace(/\D/g, '');
  }

  function brandInfo(digits) {
    return BRANDS.find((b) => b.pattern.test(digits)) || UNKNOWN;
  }

  function maxLength(info) {
    return Math.max.apply(null, info.lengths);
  }

  function luhnValid(digits) {
    let sum = 0;
    let double = false;
    for (let i = digits.length - 1; i >= 0; i -= 1) {
      let d = Number(digits[i]);
      if (double) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      double = !double;
    }
    return digits.length > 0 && sum % 10 === 0;
  }

  /** "4242424242424242" → "4242 4242 4242 4242" (amex 4-6-5). */
  function formatNumber(raw) {
    const info = brandInfo(digitsOf(raw));
    const digits = digitsOf(raw).slice(0, maxLength(info));
    // 16-digit Diners cards are grouped 4-4-4-4, 14-digit ones 4-6-4.
    const gaps = info.brand === 'diners' && digits.length > 14 ? [4, 8, 12] : info.gaps;
    let out = '';
    for (let i = 0; i < digits.length; i += 1) {
      if (gaps.includes(i)) out += ' ';
      out += digits[i];
    }
    return out;
  }

  /**
   * Formats expiry input like Stripe: "4" → "04 / ", "13" → "01 / 3", "1228" → "12 / 28".
   * `deleting` keeps "12 / " from re-adding the separator while the user backspaces.
   */
  function formatExpiry(raw, deleting) {
    let digits = digitsOf(raw);
    if (digits.length === 1 && Number(digits) > 1) digits = '0' + digits;
    if (digits.length >= 2 && digits[0] === '1' && Number(digits[1]) > 2) digits = '0' + digits;
    digits = digits.slice(0, 4);
    if (digits.length < 2) return digits;
    if (digits.length === 2) return deleting ? digits : digits + ' / ';
    return digits.slice(0, 2) + ' / ' + digits.slice(2);
  }

  function formatCvc(raw, numberDigits) {
    return digitsOf(raw).slice(0, brandInfo(numberDigits).cvc);
  }

  function error(code) {
    return { type: 'validation_error', code, message: MESSAGES[code] };
  }

  /** @returns {{complete: boolean, error: object|null}} error is set only for definite problems or when `final`. */
  function validateNumber(raw, final) {
    const digits = digitsOf(raw);
    const info = brandInfo(digits);
    if (info.lengths.includes(digits.length) && digits.length === maxLength(info)) {
      return luhnValid(digits) ? { complete: true, error: null } : { complete: false, error: error('invalid_number') };
    }
    if (info.lengths.includes(digits.length) && luhnValid(digits)) {
      return { complete: true, error: null };
    }
    return { complete: false, error: final ? error('incomplete_number') : null };
  }

  function validateExpiry(raw, final, now) {
    const digits = digitsOf(raw);
    const today = now || new Date();
    if (digits.length < 4) {
      if (digits.length >= 2 && (Number(digits.slice(0, 2)) < 1 || Number(digits.slice(0, 2)) > 12)) {
        return { complete: false, error: error('invalid_expiry_month') };
      }
      return { complete: false, error: final ? error('incomplete_expiry') : null };
    }
    const month = Number(digits.slice(0, 2));
    const year = 2000 + Number(digits.slice(2, 4));
    const thisYear = today.getFullYear();
    const thisMonth = today.getMonth() + 1;
    if (month < 1 || month > 12) return { complete: false, error: error('invalid_expiry_month') };
    if (year < thisYear) return { complete: false, error: error('invalid_expiry_year_past') };
    if (year === thisYear && month < thisMonth) return { complete: false, error: error('invalid_expiry_month_past') };
    if (year > thisYear + 50) return { complete: false, error: error('invalid_expiry_year') };
    return { complete: true, error: null, month, year };
  }

  function validateCvc(raw, numberDigits, final) {
    const digits = digitsOf(raw);
    const wanted = brandInfo(numberDigits).cvc;
    if (digits.length >= wanted) {
      return { complete: true, error: null };
    }
    return { complete: false, error: final ? error('incomplete_cvc') : null };
  }

  /** country 'US': a 5-digit ZIP; null (Card Element, country unknown): any non-empty code. */
  function validateZip(raw, country, final) {
    const value = String(raw || '').trim();
    if (country === 'US') {
      if (/^\d{5}(-?\d{4})?$/.test(value)) return { complete: true, error: null };
      return { complete: false, error: final ? error('incomplete_zip') : null };
    }
    if (country === null && value.length === 0) {
      return { complete: false, error: final ? { type: 'validation_error', code: 'incomplete_zip', message: 'Your postal code is incomplete.' } : null };
    }
    return { complete: true, error: null };
  }

  globalThis.StripeEmulatorCard = {
    MESSAGES,
    digitsOf,
    brandOf: (digits) => brandInfo(digitsOf(digits)).brand,
    cvcLength: (digits) => brandInfo(digitsOf(digits)).cvc,
    luhnValid,
    formatNumber,
    formatExpiry,
    formatCvc,
    validateNumber,
    validateExpiry,
    validateCvc,
    validateZip,
  };
})();

import type { Ref } from "react";

/**
 * The off-session consent: unchecked by default, the exact text the server stores (its hash
 * travels with the form so the server can tell the customer saw this very text).
 */
export function ConsentCheckbox({
  text,
  textHash,
  error,
  checked,
  onChange,
  inputRef,
}: {
  text: string;
  textHash: string;
  error?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <div className="space-y-1">
      <div className="flex items-start gap-3 rounded-lg border border-birch-300 bg-birch-50 p-3">
        <input
          ref={inputRef}
          id="field-consent"
          name="consent"
          type="checkbox"
          value="on"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "field-consent-error" : undefined}
          className="mt-1 size-4 shrink-0 accent-pine-700"
        />
        <label htmlFor="field-consent" className="text-sm leading-relaxed text-pine-800">
          {text}
        </label>
      </div>
      <input type="hidden" name="consentHash" value={textHash} />
      {error ? (
        <p id="field-consent-error" className="text-sm font-medium text-ember-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

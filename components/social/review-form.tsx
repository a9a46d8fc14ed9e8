"use client";
import { useActionState } from "react";
import { TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { fieldError, submittedValue, type FormState } from "@/lib/actions/form-state";
import { MAX_REPLY_LENGTH, MAX_REVIEW_LENGTH } from "@/lib/reviews/limits";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

const RATINGS = [5, 4, 3, 2, 1] as const;
const WORDS: Record<(typeof RATINGS)[number], string> = { 5: "Excellent", 4: "Good", 3: "OK", 2: "Poor", 1: "Bad" };

/** The customer rates the stay (1–5, radio buttons) and writes a review, once. */
export function ReviewForm({ action, listingTitle }: { action: Action; listingTitle: string }) {
  const [state, formAction] = useActionState(action, null);
  const ratingError = fieldError(state, "rating");
  const chosen = submittedValue(state, "rating");
  return (
    <form action={formAction} className="space-y-4 rounded-2xl border border-birch-200 bg-white p-4" aria-labelledby="review-form-title">
      <h3 id="review-form-title" className="font-semibold">
        How was {listingTitle}?
      </h3>
      <fieldset
        className="space-y-2"
        aria-invalid={ratingError ? true : undefined}
        aria-describedby={ratingError ? "field-rating-error" : undefined}
      >
        <legend className="text-sm font-medium text-pine-800">Your rating</legend>
        <div className="flex flex-wrap gap-2">
          {RATINGS.map((r) => (
            <label key={r} className="flex cursor-pointer items-center gap-2 rounded-lg border border-birch-300 px-3 py-2 text-sm has-[:checked]:border-pine-700 has-[:checked]:bg-pine-500/10">
              <input type="radio" name="rating" value={r} defaultChecked={chosen === String(r)} required />
              <span>
                {r} ★ <span className="text-pine-700">{WORDS[r]}</span>
              </span>
            </label>
          ))}
        </div>
        {ratingError ? (
          <p id="field-rating-error" className="text-sm font-medium text-ember-700">
            {ratingError}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        name="review"
        label="Your review"
        hint={`Shown on the listing page with your first name. Up to ${MAX_REVIEW_LENGTH} characters; you can write it once.`}
        maxLength={MAX_REVIEW_LENGTH}
        required
        rows={4}
        defaultValue={submittedValue(state, "review")}
        error={fieldError(state, "review")}
      />
      <SubmitButton pendingText="Publishing…">Publish review</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

/** The host answers a review, once. */
export function ReplyForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3 rounded-2xl border border-birch-200 bg-white p-4">
      <TextAreaField
        name="reply"
        label="Your public reply"
        hint={`Shown under the review on your listing page. Up to ${MAX_REPLY_LENGTH} characters; you can reply once.`}
        maxLength={MAX_REPLY_LENGTH}
        required
        rows={3}
        defaultValue={submittedValue(state, "reply")}
        error={fieldError(state, "reply")}
      />
      <SubmitButton pendingText="Publishing…">Publish reply</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

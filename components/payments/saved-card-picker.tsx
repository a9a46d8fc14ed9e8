/** Radio choice between the customer's saved cards and "a new card". */
export interface PickableCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
}

export const NEW_CARD = "new";

export function cardLabel(card: Pick<PickableCard, "brand" | "last4" | "expMonth" | "expYear">): string {
  const brand = card.brand.charAt(0).toUpperCase() + card.brand.slice(1);
  return `${brand} ending ${card.last4}, expires ${String(card.expMonth).padStart(2, "0")}/${String(card.expYear).slice(-2)}`;
}

export function SavedCardPicker({
  cards,
  value,
  onChange,
  error,
}: {
  cards: readonly PickableCard[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <fieldset className="space-y-2" aria-describedby={error ? "field-savedCardId-error" : undefined}>
      <legend className="text-sm font-medium text-pine-800">Pay with</legend>
      {cards.map((card) => (
        <label key={card.id} className="flex items-center gap-3 rounded-lg border border-birch-300 bg-white px-3 py-2 text-sm">
          <input type="radio" name="savedCardId" value={card.id} checked={value === card.id} onChange={() => onChange(card.id)} className="accent-pine-700" />
          <span>
            {cardLabel(card)}
            {card.isDefault ? <span className="ml-2 text-pine-600">(default)</span> : null}
          </span>
        </label>
      ))}
      <label className="flex items-center gap-3 rounded-lg border border-birch-300 bg-white px-3 py-2 text-sm">
        <input type="radio" name="savedCardId" value={NEW_CARD} checked={value === NEW_CARD} onChange={() => onChange(NEW_CARD)} className="accent-pine-700" />
        <span>A new card</span>
      </label>
      {error ? (
        <p id="field-savedCardId-error" className="text-sm font-medium text-ember-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

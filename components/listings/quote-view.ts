/** A price quote as the calculator shows it (formatted on the server). */
export interface QuoteView {
  when: string;
  guests: number;
  lines: { label: string; amount: string }[];
  total: string;
}

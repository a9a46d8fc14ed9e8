/** Words for the pages and e-mails. */

/** "1 booking", "3 bookings": a count and a noun with a regular English plural (an added "s"). */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

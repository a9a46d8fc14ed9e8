/**
 * How a booking's money is split between the host and the platform (integer minor units).
 *
 * The customer is charged `totalAmount` = the host's share (`subtotalAmount`, transferred to
 * the host's connected account) + the platform fee (`feeAmount`, kept as the application
 * fee). Refunds reverse the transfer and refund the fee in the same proportion; counted on
 * the running total refunded, so a full refund, however many parts it was made in, gives
 * back exactly the whole transfer and the whole fee.
 */

export interface BookingPrice {
  totalAmount: number;
  subtotalAmount: number;
  feeAmount: number;
}

export interface DestinationSplit {
  /** `application_fee_amount`: what the platform keeps. */
  applicationFeeAmount: number;
  /** What the host's account receives. */
  transferAmount: number;
}

/** The split of a booking's charge; throws if the price does not add up (never charge then). */
export function destinationSplit(price: BookingPrice): DestinationSplit {
  const { totalAmount, subtotalAmount, feeAmount } = price;
  for (const [name, value] of Object.entries({ totalAmount, subtotalAmount, feeAmount })) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer (got ${value})`);
  }
  if (subtotalAmount + feeAmount !== totalAmount) {
    throw new RangeError(`the price does not add up: ${subtotalAmount} + ${feeAmount} ≠ ${totalAmount}`);
  }
  return { applicationFeeAmount: feeAmount, transferAmount: subtotalAmount };
}

export interface RefundSplit {
  /** Of the refunded total, what comes back from the host's transfer. */
  transferReversed: number;
  /** Of the refunded total, what comes back from the platform fee. */
  applicationFeeRefunded: number;
}

/**
 * The proportional split of `refunded` (the total refunded so far, 0 … totalAmount): the
 * host's part is refunded × transfer / total, rounded half up; the fee's is the rest.
 */
export function refundSplit(refunded: number, split: DestinationSplit): RefundSplit {
  const total = split.transferAmount + split.applicationFeeAmount;
  if (!Number.isSafeInteger(refunded) || refunded < 0 || refunded > total) {
    throw new RangeError(`refunded must be an integer between 0 and ${total} (got ${refunded})`);
  }
  if (total === 0) return { transferReversed: 0, applicationFeeRefunded: 0 };
  const transferReversed = Math.floor((refunded * split.transferAmount * 2 + total) / (2 * total));
  return { transferReversed, applicationFeeRefunded: refunded - transferReversed };
}

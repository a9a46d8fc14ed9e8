import { formatInstant } from "@/lib/time";
import { Stars } from "./rating";

export interface ReviewView {
  id: string;
  rating: number;
  body: string;
  createdAt: Date;
  reply: string | null;
  repliedAt: Date | null;
  authorName: string;
}

/** One review and the host's reply, as plain text. */
export function ReviewItem({ review, hostName, timeZone, headingLevel = 3 }: { review: ReviewView; hostName: string; timeZone: string; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <article className="space-y-2 rounded-2xl border border-birch-200 bg-white p-4" aria-label={`Review by ${review.authorName}`}>
      <Heading className="flex flex-wrap items-center gap-x-3 gap-y-1 text-base font-semibold">
        <span>{review.authorName}</span>
        <Stars rating={review.rating} />
      </Heading>
      <p className="text-xs text-pine-700">
        <time dateTime={review.createdAt.toISOString()}>{formatInstant(review.createdAt, timeZone)}</time>
      </p>
      <p className="whitespace-pre-wrap break-words text-pine-900">{review.body}</p>
      {review.reply ? (
        <div className="ml-4 border-l-4 border-birch-300 pl-3">
          <p className="text-sm font-semibold text-pine-900">Reply from {hostName}</p>
          <p className="whitespace-pre-wrap break-words text-sm text-pine-800">{review.reply}</p>
        </div>
      ) : null}
    </article>
  );
}

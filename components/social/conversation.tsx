import { cx } from "@/components/ui/cx";
import type { FormState } from "@/lib/actions/form-state";
import type { ConversationMessage, Side } from "@/lib/conversations/messages";
import { formatInstant } from "@/lib/time";
import { MessageForm } from "./message-form";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

const SIDE_LABEL: Record<Side, string> = { customer: "Guest", host: "Host" };

/**
 * A booking's conversation: every message as plain text (React escapes it; line breaks are
 * kept with CSS, never HTML), and the form for the viewer's side. Operators read it without
 * a form (`action` omitted).
 */
export function Conversation({
  messages,
  viewer,
  timeZone,
  otherName,
  action,
}: {
  messages: readonly ConversationMessage[];
  /** The viewer's side; null for operators. */
  viewer: Side | null;
  timeZone: string;
  /** The other side's name, for the empty state and the form's label. */
  otherName: string;
  action?: Action;
}) {
  return (
    <section aria-labelledby="conversation-title" className="space-y-3">
      <h2 id="conversation-title" className="text-xl font-semibold">
        Messages
      </h2>
      {messages.length === 0 ? (
        <p className="text-sm text-pine-700">
          {viewer ? `No messages yet. Ask ${otherName} anything about the booking.` : "No messages in this conversation."}
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Conversation">
          {messages.map((m) => {
            const mine = viewer !== null && m.side === viewer;
            return (
              <li
                key={m.id}
                className={cx(
                  "max-w-[36rem] rounded-2xl border px-4 py-3",
                  mine ? "ml-auto border-pine-500/30 bg-pine-500/10" : "border-birch-200 bg-white",
                )}
              >
                <p className="text-xs text-pine-700">
                  <span className="font-semibold text-pine-900">{mine ? "You" : m.authorName}</span> · {SIDE_LABEL[m.side]} ·{" "}
                  <time dateTime={m.createdAt.toISOString()}>{formatInstant(m.createdAt, timeZone)}</time>
                </p>
                <p className="mt-1 whitespace-pre-wrap break-words text-pine-900">{m.body}</p>
              </li>
            );
          })}
        </ol>
      )}
      {action ? <MessageForm action={action} otherName={otherName} /> : null}
    </section>
  );
}

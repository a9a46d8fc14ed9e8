import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { isPlausibleId } from "@/lib/validation";
import { Code } from "@/components/admin/table";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { getEmailOrThrow } from "@/lib/admin/emails";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { DEFAULT_TIME_ZONE, formatInstant } from "@/lib/time";

export const metadata: Metadata = { title: "Email" };

export default async function AdminEmailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("OPERATOR");
  const { id } = await params;
  if (!isPlausibleId(id)) notFound();
  const email = await getEmailOrThrow(prisma, id).catch((error: unknown) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const at = (d: Date | null) => (d ? <time dateTime={d.toISOString()}>{formatInstant(d, DEFAULT_TIME_ZONE)}</time> : "—");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/emails">← All emails</Link>
      </p>
      <PageHeader title={email.subject} />
      <dl className="mb-6 grid gap-1 rounded-2xl border border-birch-200 bg-white p-4 text-sm sm:grid-cols-[8rem_1fr]">
        <dt className="font-medium text-pine-700">To</dt>
        <dd>{email.to}</dd>
        <dt className="font-medium text-pine-700">Template</dt>
        <dd>
          <Code>{email.template}</Code>
        </dd>
        <dt className="font-medium text-pine-700">Status</dt>
        <dd>
          <Badge tone={email.status === "SENT" ? "good" : email.status === "FAILED" ? "warn" : "neutral"}>{email.status}</Badge>
          {email.error ? <span className="ml-2 text-ember-700">{email.error}</span> : null}
        </dd>
        <dt className="font-medium text-pine-700">Created</dt>
        <dd>{at(email.createdAt)}</dd>
        <dt className="font-medium text-pine-700">Sent</dt>
        <dd>{at(email.sentAt)}</dd>
        <dt className="font-medium text-pine-700">Booking</dt>
        <dd>{email.bookingId ? <Link href={`/admin/bookings/${email.bookingId}`}>Open the booking</Link> : "—"}</dd>
      </dl>
      <section aria-labelledby="email-text">
        <h2 id="email-text" className="mb-2 text-xl font-semibold">
          Text
        </h2>
        <pre className="whitespace-pre-wrap rounded-2xl border border-birch-200 bg-white p-4 font-sans text-sm">{email.text}</pre>
      </section>
    </>
  );
}

import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { Pagination } from "@/components/admin/pagination";
import { AdminTable, Cell, Code, Row, RowHeader, FilterForm } from "@/components/admin/table";
import { SelectField, TextField } from "@/components/ui/field";
import { Badge, PageHeader } from "@/components/ui/page-header";
import { emailTemplates, listEmails } from "@/lib/admin/emails";
import { parseEmailFilters } from "@/lib/admin/schemas";
import { requireRole } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { EmailStatus } from "@/lib/generated/prisma/enums";
import { DEFAULT_TIME_ZONE, formatInstant } from "@/lib/time";

export const metadata: Metadata = { title: "Emails" };

export default async function AdminEmailsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole("OPERATOR");
  const filters = parseEmailFilters(await searchParams);
  const [result, templates] = await Promise.all([listEmails(prisma, filters), emailTemplates(prisma)]);

  return (
    <>
      <PageHeader title="Emails" description="Every email the app wrote (the outbox), newest first." />
      <FilterForm label="Filter emails" clearHref="/admin/emails" className="sm:grid-cols-4">
        <TextField name="to" label="To" type="search" defaultValue={filters.to ?? ""} />
        <SelectField name="template" label="Template" defaultValue={filters.template ?? ""} placeholder="Any template" options={templates.map((t) => ({ value: t, label: t }))} />
        <SelectField name="status" label="Status" defaultValue={filters.status ?? ""} placeholder="Any status" options={Object.values(EmailStatus).map((s) => ({ value: s, label: s }))} />
      </FilterForm>
      <AdminTable
        caption={`Outbox, newest first — page ${result.page} of ${result.pageCount} (${result.total} in all; times in ${DEFAULT_TIME_ZONE})`}
        columns={["Created", "To", "Subject", "Template", "Status"]}
        empty={result.rows.length === 0 ? "No emails match." : undefined}
      >
        {result.rows.map((e) => (
          <Row key={e.id} highlight={e.status === "FAILED"}>
            <RowHeader className="whitespace-nowrap">
              <time dateTime={e.createdAt.toISOString()}>{formatInstant(e.createdAt, DEFAULT_TIME_ZONE)}</time>
            </RowHeader>
            <Cell>{e.to}</Cell>
            <Cell>
              <Link href={`/admin/emails/${e.id}`}>{e.subject}</Link>
            </Cell>
            <Cell>
              <Code>{e.template}</Code>
            </Cell>
            <Cell>
              <Badge tone={e.status === "SENT" ? "good" : e.status === "FAILED" ? "warn" : "neutral"}>{e.status}</Badge>
            </Cell>
          </Row>
        ))}
      </AdminTable>
      <Pagination
        basePath="/admin/emails"
        params={{ to: filters.to, template: filters.template, status: filters.status }}
        page={result.page}
        pageCount={result.pageCount}
        label="Email pages"
      />
    </>
  );
}

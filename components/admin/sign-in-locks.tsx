/**
 * The sign-in and sign-up throttles for operators: who is locked until when, who has
 * failed attempts counting, and a button that lifts a lock.
 */
import { AdminTable, Cell, Code, Row, RowHeader } from "@/components/admin/table";
import { ActionButton } from "@/components/ui/action-button";
import { Badge } from "@/components/ui/page-header";
import type { FormState } from "@/lib/actions/form-state";
import type { ThrottleKind } from "@/lib/generated/prisma/enums";
import { DEFAULT_TIME_ZONE, formatInstant } from "@/lib/time";

const KIND_LABELS: Record<ThrottleKind, string> = {
  SIGN_IN_ACCOUNT: "Sign-in, account",
  SIGN_IN_ADDRESS: "Sign-in, client address",
  SIGN_UP_ADDRESS: "Sign-up, client address",
  SIGN_UP_EMAIL: "Sign-up, e-mail",
  CALENDAR_FEED_ADDRESS: "Calendar feed, client address",
};

export interface ThrottleRow {
  id: string;
  kind: ThrottleKind;
  key: string;
  count: number;
  locked: boolean;
  lockedUntil: Date | null;
  lockCount: number;
  lastAttemptAt: Date;
}

export function SignInLocks({ rows, lift }: { rows: readonly ThrottleRow[]; lift: (id: string, state: FormState, formData: FormData) => Promise<FormState> }) {
  return (
    <section aria-labelledby="locks-title" className="mb-8 space-y-3">
      <h2 id="locks-title" className="text-xl font-semibold">
        Sign-in locks
      </h2>
      <AdminTable
        caption={`Locked now, then failed sign-ins still counting (times in ${DEFAULT_TIME_ZONE})`}
        columns={["Who", "Counter", "Status", "Attempts in window", "Last attempt", <span key="a" className="sr-only">Actions</span>]}
        empty={rows.length === 0 ? "No locks and no failed attempts counting." : undefined}
      >
        {rows.map((row) => (
          <Row key={row.id} highlight={row.locked}>
            <RowHeader>
              <Code>{row.key}</Code>
            </RowHeader>
            <Cell>{KIND_LABELS[row.kind]}</Cell>
            <Cell>
              {row.locked && row.lockedUntil ? (
                <Badge tone="warn">Locked until {formatInstant(row.lockedUntil, DEFAULT_TIME_ZONE)}</Badge>
              ) : (
                <Badge>Counting</Badge>
              )}
              {row.lockCount > 1 ? <span className="ml-1 text-pine-600">({row.lockCount} locks in a row)</span> : null}
            </Cell>
            <Cell>{String(row.count)}</Cell>
            <Cell>{formatInstant(row.lastAttemptAt, DEFAULT_TIME_ZONE)}</Cell>
            <Cell>
              <ActionButton action={lift.bind(null, row.id)} label={`${row.locked ? "Lift lock" : "Reset"} ${row.key}`} showSuccess>
                {row.locked ? "Lift lock" : "Reset"}
              </ActionButton>
            </Cell>
          </Row>
        ))}
      </AdminTable>
    </section>
  );
}

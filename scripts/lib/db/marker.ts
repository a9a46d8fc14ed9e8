/**
 * Which databases Löyly created: the embedded PostgreSQL marks its database with a comment
 * (`COMMENT ON DATABASE`, kept outside the schema so migrations and resets leave it alone),
 * and `npm run db:reset` drops only marked databases unless told `--force` — whatever else
 * answers on the embedded port, or a DATABASE_URL, is not ours to wipe.
 */
import type pg from "pg";

/** The start of the comment; the rest says where the cluster lives, for a human reading it. */
export const PROJECT_DATABASE_MARKER = "loyly:project-database";

type Queryable = Pick<pg.ClientBase, "query" | "escapeIdentifier" | "escapeLiteral">;

/** Marks `database` as created by Löyly (idempotent). */
export async function markProjectDatabase(client: Queryable, database: string, where: string): Promise<void> {
  const comment = `${PROJECT_DATABASE_MARKER} — created by Löyly's embedded PostgreSQL (${where}); npm run db:reset may drop its contents`;
  await client.query(`COMMENT ON DATABASE ${client.escapeIdentifier(database)} IS ${client.escapeLiteral(comment)}`);
}

/** True when the database `client` is connected to carries the marker. */
export async function isProjectDatabase(client: Queryable): Promise<boolean> {
  const { rows } = await client.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = current_database()",
  );
  return rows[0]?.comment?.startsWith(PROJECT_DATABASE_MARKER) ?? false;
}

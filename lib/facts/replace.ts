/**
 * A full derive's write of a derived table: the portal's rows brought to what the run computed by writing only the
 * difference. Re-deriving a whole portal whose data barely changed (a full sync, a rules or currency change that
 * moves few values) then writes a few rows instead of deleting and re-inserting millions — with their indexes,
 * foreign-key checks, WAL and dead tuples — and on an empty table it is a plain insert.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

export interface Replacement {
  table: string;
  /** The stored columns the run computes, portal_id first; `rows` selects them in this order, by these names. */
  cols: readonly string[];
  /** The run's rows of the portal. */
  rows: SQL;
  /**
   * Columns that identify a row on both sides (never null); null: the whole row does (a rollup without a natural
   * key: two rows are the same when their text forms are).
   */
  match: readonly string[] | null;
  /** The primary key's columns after portal_id: how a stale row is deleted. */
  key: readonly string[];
  /** The order new rows are written in (the table's physical order matters to its readers), if any. */
  order?: string;
}

const list = (cols: readonly string[], prefix = "") => cols.map((c) => `${prefix}${c}`).join(", ");

/** How the two sides are joined: the matching columns, or the row's text (nulls compare equal there). */
function matchSql(r: Replacement): { n: string; o: string; on: string; changed: string; absent: string } {
  const data = r.cols.filter((c) => c !== "portal_id");
  if (r.match === null) {
    const text = (alias: string) => `row(${list(data, `${alias}.`)})::text`;
    return {
      n: `, ${text("x")} as k_`,
      o: `, ${text("o")} as k_`,
      on: "n.k_ = o.k_",
      changed: "false",
      absent: "k_",
    };
  }
  const rest = data.filter((c) => !r.match?.includes(c));
  return {
    n: "",
    o: "",
    on: r.match.map((c) => `n.${c} = o.${c}`).join(" and "),
    changed: rest.length ? `(${list(rest, "n.")}) is distinct from (${list(rest, "o.")})` : "false",
    absent: r.match[0] as string,
  };
}

/**
 * One statement: the run's rows (n) fully joined with the stored ones (o); rows only in o, or changed, are deleted
 * (`gone`) before rows only in n, or changed, are inserted — the insert waits for the delete (it reads its count),
 * so a changed row's primary key is free again when its new version arrives.
 */
export async function replaceRows(tx: DbOrTx, portalId: number, r: Replacement) {
  const m = matchSql(r);
  const stored = [...new Set([...r.cols, ...r.key])];
  const d = r.cols.map((c) =>
    c === "portal_id" ? "coalesce(n.portal_id, o.portal_id) as portal_id" : `n.${c}`,
  );
  await tx.execute(sql`
    with n as (select x.*${sql.raw(m.n)} from (${r.rows}) x),
    o as (select ${sql.raw(list(stored, "o."))}${sql.raw(m.o)} from ${sql.raw(r.table)} o where o.portal_id = ${portalId}),
    d as (
      select ${sql.raw(d.join(", "))}, ${sql.raw(r.key.map((c) => `o.${c} as o_${c}`).join(", "))},
        n.${sql.raw(m.absent)} is not null as added, o.${sql.raw(m.absent)} is not null as removed
      from n full join o on n.portal_id = o.portal_id and ${sql.raw(m.on)}
      where n.${sql.raw(m.absent)} is null or o.${sql.raw(m.absent)} is null or ${sql.raw(m.changed)}
    ),
    gone as (
      delete from ${sql.raw(r.table)} t using d
      where t.portal_id = ${portalId} and t.portal_id = d.portal_id and d.removed
        and ${sql.raw(r.key.map((c) => `t.${c} = d.o_${c}`).join(" and "))}
      returning 1
    )
    insert into ${sql.raw(r.table)} (${sql.raw(list(r.cols))})
    select ${sql.raw(list(r.cols, "d."))} from d
    where d.added and (select count(*) from gone) >= 0
    ${sql.raw(r.order ? `order by ${r.order}` : "")}`);
}

/**
 * The query rule of sharding by portal on Citus (docs/scaling.md): every join between two tenant tables carries a
 * portal_id equality between them — directly (`a.portal_id = b.portal_id`, `using (portal_id)`), through a chain of
 * equalities, or by both being equal to the same value (`a.portal_id = $1 and b.portal_id = $2` with $1 = $2).
 * Read with Postgres's own parser (libpg-query). Equalities count only where they must hold: ON, USING and the
 * AND-ed conjuncts of WHERE / HAVING, at any level; an equality inside OR / NOT / CASE does not.
 *
 * Joined means: in one FROM (including UPDATE … FROM and DELETE … USING with their target), an INSERT target with
 * the SELECT that feeds it, and a correlated subquery (EXISTS, IN, scalar, LATERAL) with the outer relations it
 * names. A derived table or CTE joins as one relation whose portal is its output portal_id column, or else the
 * portal all its own tenant relations are pinned to. Uncorrelated subqueries are planned apart by Citus and are
 * checked on their own.
 */

import { tenancyOf } from "../db/schema/tenancy";

// libpg-query's JSON tree: one-key objects naming the node type.
type Node = Record<string, unknown>;

export interface QueryViolation {
  /** The two relations joined without a portal_id equality (table names, "alias" when a derived table). */
  left: string;
  right: string;
  why: string;
}

interface Rel {
  id: number;
  /** Table name, or "(subquery)" / the CTE's name. */
  name: string;
  alias: string;
  tenant: boolean;
  /** Derived tables and CTE references. */
  virtual: boolean;
  /** For a virtual relation: does it hold a tenant relation at all. */
  holdsTenant: boolean;
}

interface Scope {
  rels: Rel[];
  parent: Scope | null;
  ctes: Map<string, CteInfo>;
  /** Outer relations a subquery referenced (filled while resolving column refs). */
  outerRefs: Set<Rel>;
}

interface CteInfo {
  /** The portal node of the CTE's output, or null. */
  portal: string | null;
  holdsTenant: boolean;
}

const D = "portal_id";

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string) {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

const key = (n: unknown): [string, Node] | null => {
  if (!n || typeof n !== "object") return null;
  const k = Object.keys(n as Node)[0];
  return k ? [k, (n as Node)[k] as Node] : null;
};
const str = (n: unknown): string | null => {
  const k = key(n);
  return k && k[0] === "String" ? String((k[1] as { sval?: string }).sval ?? "") : null;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export class TenantQueryChecker {
  private uf = new UnionFind();
  private nextId = 0;
  private violations: QueryViolation[] = [];
  /** Per-scope "joined" pairs to test once all equalities are known. */
  private pairs: [Rel, Rel, string][] = [];
  /** Virtual relations and how to find their portal once equalities are known. */
  private virtuals: { rel: Rel; portal: string | null; inner: Rel[] }[] = [];

  constructor(
    private readonly isTenant: (table: string) => boolean,
    /** Values of $1, $2, … when known: two parameters with one value are one portal. */
    private readonly params: readonly unknown[] = [],
  ) {}

  check(stmt: Node): QueryViolation[] {
    this.statement(stmt, null);
    // Virtual relations take the portal of their inner relations when those agree (a pinned subquery).
    for (let round = 0; round < 4; round++) {
      for (const v of this.virtuals) {
        if (v.portal) this.uf.union(this.node(v.rel), v.portal);
        const tenants = v.inner.filter((r) => r.tenant || r.holdsTenant);
        const first = tenants[0];
        if (first && tenants.every((r) => this.same(r, first)))
          this.uf.union(this.node(v.rel), this.node(first));
      }
    }
    for (const [a, b, why] of this.pairs) {
      if (!this.same(a, b)) this.violations.push({ left: label(a), right: label(b), why });
    }
    return this.violations;
  }

  private node(r: Rel) {
    return `rel${r.id}.${D}`;
  }
  private same(a: Rel, b: Rel) {
    return this.uf.find(this.node(a)) === this.uf.find(this.node(b));
  }

  private statement(
    n: Node,
    parent: Scope | null,
  ): { scope: Scope; portal: string | null; rels: Rel[] } | null {
    const k = key(n);
    if (!k) return null;
    const [type, body] = k;
    if (type === "SelectStmt") return this.select(body, parent);
    if (type === "InsertStmt") return this.insert(body, parent);
    if (type === "UpdateStmt") return this.update(body, parent);
    if (type === "DeleteStmt") return this.del(body, parent);
    return null;
  }

  private newScope(parent: Scope | null): Scope {
    return { rels: [], parent, ctes: new Map(parent?.ctes ?? []), outerRefs: new Set() };
  }

  private withClause(body: Node, scope: Scope) {
    const w = body.withClause as { ctes?: unknown[] } | undefined;
    for (const c of list(w?.ctes)) {
      const cte = key(c)?.[1] as { ctename?: string; ctequery?: Node } | undefined;
      if (!cte?.ctename || !cte.ctequery) continue;
      const inner = this.statement(cte.ctequery, scope);
      const holds = inner ? this.holdsTenant(inner.rels) : false;
      let portal = inner?.portal ?? null;
      if (!portal && inner) {
        // A CTE with no portal_id column joins as the portal its tenant relations are pinned to.
        const t = inner.rels.filter((r) => r.tenant || r.holdsTenant);
        if (t.length) {
          const pseudo = this.rel(`(cte ${cte.ctename})`, cte.ctename, false, true, holds);
          this.virtuals.push({ rel: pseudo, portal: null, inner: t });
          portal = this.node(pseudo);
        }
      }
      scope.ctes.set(cte.ctename, { portal, holdsTenant: holds });
    }
  }

  private holdsTenant(rels: Rel[]) {
    return rels.some((r) => r.tenant || r.holdsTenant);
  }

  private rel(name: string, alias: string, tenant: boolean, virtual: boolean, holdsTenant: boolean): Rel {
    return { id: this.nextId++, name, alias, tenant, virtual, holdsTenant };
  }

  private select(body: Node, parent: Scope | null): { scope: Scope; portal: string | null; rels: Rel[] } {
    const scope = this.newScope(parent);
    this.withClause(body, scope);
    if (body.op && body.op !== "SETOP_NONE") {
      // UNION / INTERSECT / EXCEPT: each arm on its own; the output portal is both arms' when each has one.
      const l = body.larg ? this.select(body.larg as Node, scope) : null;
      const r = body.rarg ? this.select(body.rarg as Node, scope) : null;
      let portal: string | null = null;
      if (l?.portal && r?.portal) {
        const pseudo = this.rel("(set operation)", "", false, true, true);
        this.uf.union(this.node(pseudo), l.portal);
        this.uf.union(this.node(pseudo), r.portal);
        portal = this.node(pseudo);
      }
      return { scope, portal, rels: [...(l?.rels ?? []), ...(r?.rels ?? [])] };
    }
    for (const f of list(body.fromClause)) this.fromItem(f as Node, scope);
    this.conditions(body.whereClause, scope);
    this.conditions(body.havingClause, scope);
    this.expressions(body.targetList, scope);
    this.expressions(body.groupClause, scope);
    this.expressions(body.sortClause, scope);
    this.joinedInScope(scope, "in one FROM");
    return { scope, portal: this.outputPortal(list(body.targetList), scope), rels: scope.rels };
  }

  private insert(body: Node, parent: Scope | null) {
    const scope = this.newScope(parent);
    this.withClause(body, scope);
    const rv = body.relation as Node | undefined;
    const name = String(rv?.relname ?? "");
    const target = this.rel(
      name,
      String((rv?.alias as Node | undefined)?.aliasname ?? name),
      this.isTenant(name),
      false,
      false,
    );
    const cols = list(body.cols).map((c) => String(((c as Node).ResTarget as Node | undefined)?.name ?? ""));
    const sel = body.selectStmt as Node | undefined;
    const selBody = sel ? (key(sel)?.[1] as Node | undefined) : undefined;
    if (sel && selBody && !selBody.valuesLists) {
      const inner = this.select(selBody, scope);
      const at = cols.indexOf(D);
      const item = at >= 0 ? list(selBody.targetList)[at] : undefined;
      const val = item ? ((item as Node).ResTarget as Node | undefined)?.val : undefined;
      const p = val ? this.valueNode(val, inner.scope) : null;
      if (p) this.uf.union(this.node(target), p);
      if (target.tenant) {
        for (const r of inner.scope.rels)
          if (r.tenant || r.holdsTenant) this.pairs.push([target, r, "INSERT … SELECT into a tenant table"]);
      }
    } else if (selBody?.valuesLists) {
      this.expressions(selBody.valuesLists, scope);
    }
    this.onConflict(body, scope, target);
    return { scope, portal: null, rels: [target] };
  }

  private onConflict(body: Node, scope: Scope, target: Rel) {
    const oc = body.onConflictClause as Node | undefined;
    if (!oc) return;
    scope.rels.push(target);
    this.expressions(oc.targetList, scope);
    this.conditions(oc.whereClause, scope);
  }

  private update(body: Node, parent: Scope | null) {
    const scope = this.newScope(parent);
    this.withClause(body, scope);
    const target = this.rangeVar(body.relation as Node, scope);
    for (const f of list(body.fromClause)) this.fromItem(f as Node, scope);
    this.conditions(body.whereClause, scope);
    this.expressions(body.targetList, scope);
    this.joinedInScope(scope, "UPDATE … FROM");
    return { scope, portal: null, rels: target ? [target] : [] };
  }

  private del(body: Node, parent: Scope | null) {
    const scope = this.newScope(parent);
    this.withClause(body, scope);
    const target = this.rangeVar(body.relation as Node, scope);
    for (const f of list(body.usingClause)) this.fromItem(f as Node, scope);
    this.conditions(body.whereClause, scope);
    this.joinedInScope(scope, "DELETE … USING");
    return { scope, portal: null, rels: target ? [target] : [] };
  }

  private joinedInScope(scope: Scope, why: string) {
    const t = scope.rels.filter((r) => r.tenant || r.holdsTenant);
    for (let i = 1; i < t.length; i++) this.pairs.push([t[0] as Rel, t[i] as Rel, why]);
  }

  private rangeVar(rv: Node | undefined, scope: Scope): Rel | null {
    if (!rv) return null;
    const name = String(rv.relname ?? "");
    const alias = String((rv.alias as Node | undefined)?.aliasname ?? name);
    const cte = !rv.schemaname ? scope.ctes.get(name) : undefined;
    if (cte) {
      const r = this.rel(`(cte ${name})`, alias, false, true, cte.holdsTenant);
      if (cte.portal) this.uf.union(this.node(r), cte.portal);
      scope.rels.push(r);
      return r;
    }
    const schema = rv.schemaname ? String(rv.schemaname) : "public";
    const r = this.rel(name, alias, schema === "public" && this.isTenant(name), false, false);
    scope.rels.push(r);
    return r;
  }

  private fromItem(n: Node, scope: Scope) {
    const k = key(n);
    if (!k) return;
    const [type, body] = k;
    if (type === "RangeVar") this.rangeVar(body, scope);
    else if (type === "JoinExpr") {
      this.fromItem(body.larg as Node, scope);
      const leftRels = [...scope.rels];
      this.fromItem(body.rarg as Node, scope);
      const rightRels = scope.rels.filter((r) => !leftRels.includes(r));
      for (const u of list(body.usingClause)) {
        if (str(u) !== D) continue;
        const l = leftRels.find((r) => r.tenant || r.virtual);
        const r = rightRels.find((x) => x.tenant || x.virtual);
        if (l && r) this.uf.union(this.node(l), this.node(r));
      }
      this.conditions(body.quals, scope);
    } else if (type === "RangeSubselect") {
      const lateral = Boolean(body.lateral);
      const sub = key(body.subquery)?.[1] as Node | undefined;
      const alias = String((body.alias as Node | undefined)?.aliasname ?? "(subquery)");
      if (!sub) return;
      // A LATERAL subquery sees the relations before it; any other sees only outer scopes.
      const outer: Scope = { rels: [], parent: scope.parent, ctes: scope.ctes, outerRefs: new Set() };
      const inner = this.select(sub, lateral ? scope : outer);
      const r = this.rel(`(subquery ${alias})`, alias, false, true, this.holdsTenant(inner.rels));
      this.virtuals.push({
        rel: r,
        portal: inner.portal,
        inner: inner.rels.filter((x) => x.tenant || x.holdsTenant),
      });
      if (lateral) this.correlated(inner.scope, "LATERAL subquery");
      scope.rels.push(r);
    } else if (type === "RangeFunction") {
      this.expressions(body.functions, scope);
    }
  }

  /** Correlated subquery: its tenant relations join the outer relations it names. */
  private correlated(inner: Scope, why: string) {
    const mine = inner.rels.filter((r) => r.tenant || r.holdsTenant);
    for (const outer of inner.outerRefs) {
      if (!(outer.tenant || outer.holdsTenant)) continue;
      for (const r of mine) this.pairs.push([outer, r, why]);
    }
  }

  /** The AND-ed conjuncts of a condition: equalities among them unify; everything is walked for subqueries. */
  private conditions(n: unknown, scope: Scope) {
    const k = key(n);
    if (!k) return;
    const [type, body] = k;
    if (type === "BoolExpr" && body.boolop === "AND_EXPR") {
      for (const a of list(body.args)) this.conditions(a, scope);
      return;
    }
    if (type === "A_Expr" && body.kind === "AEXPR_OP" && str(list(body.name)[0]) === "=") {
      const l = this.valueNode(body.lexpr, scope);
      const r = this.valueNode(body.rexpr, scope);
      if (l && r) this.uf.union(l, r);
    }
    this.expressions(n, scope);
  }

  /** Walks an expression for column refs (correlation) and subqueries; unifies nothing. */
  private expressions(n: unknown, scope: Scope) {
    if (Array.isArray(n)) {
      for (const x of n) this.expressions(x, scope);
      return;
    }
    const k = key(n);
    if (!k) return;
    const [type, body] = k;
    if (type === "ColumnRef") {
      this.resolve(body, scope);
      return;
    }
    if (type === "SubLink") {
      const sub = key(body.subselect)?.[1] as Node | undefined;
      this.expressions(body.testexpr, scope);
      if (!sub) return;
      const inner = this.select(sub, scope);
      this.correlated(inner.scope, `${String(body.subLinkType ?? "sub").replace("_SUBLINK", "")} subquery`);
      // `x.portal_id in (select portal_id …)` pins both sides together.
      if (body.subLinkType === "ANY_SUBLINK" && inner.portal) {
        const l = this.valueNode(body.testexpr, scope);
        if (l) this.uf.union(l, inner.portal);
      }
      return;
    }
    if (type === "SelectStmt") {
      this.select(body, scope);
      return;
    }
    for (const v of Object.values(body ?? {})) if (v && typeof v === "object") this.expressions(v, scope);
  }

  /** The union-find node of a value: a relation's portal_id, a parameter's value, a constant; else null. */
  private valueNode(n: unknown, scope: Scope): string | null {
    const k = key(n);
    if (!k) return null;
    const [type, body] = k;
    if (type === "TypeCast") return this.valueNode(body.arg, scope);
    if (type === "ColumnRef") {
      const r = this.resolve(body, scope);
      return r ? this.node(r) : null;
    }
    if (type === "ParamRef") {
      const i = Number(body.number) - 1;
      return i < this.params.length ? `value:${JSON.stringify(this.params[i])}` : `param:${i + 1}`;
    }
    if (type === "A_Const") {
      const v = (body.ival as Node | undefined)?.ival ?? (body.sval as Node | undefined)?.sval;
      return v === undefined ? null : `value:${JSON.stringify(typeof v === "number" ? v : String(v))}`;
    }
    return null;
  }

  /** The relation a `portal_id` column ref names (null for any other column); records outer references. */
  private resolve(ref: Node, scope: Scope): Rel | null {
    const fields = list(ref.fields).map(str);
    const col = fields[fields.length - 1];
    const qualifier = fields.length >= 2 ? fields[fields.length - 2] : null;
    for (let s: Scope | null = scope, depth = 0; s; s = s.parent, depth++) {
      const hit = qualifier
        ? s.rels.find((r) => r.alias === qualifier)
        : col === D
          ? s.rels.find((r) => r.tenant || r.virtual)
          : undefined;
      if (hit) {
        if (depth > 0) for (let t: Scope | null = scope; t && t !== s; t = t.parent) t.outerRefs.add(hit);
        return col === D ? hit : null;
      }
    }
    return null;
  }

  private outputPortal(targets: unknown[], scope: Scope): string | null {
    for (const t of targets) {
      const rt = (t as Node).ResTarget as Node | undefined;
      if (!rt) continue;
      const val = rt.val as Node | undefined;
      const cref = val?.ColumnRef as Node | undefined;
      const fields = cref ? list(cref.fields) : [];
      const last = fields[fields.length - 1];
      const star = last && key(last)?.[0] === "A_Star";
      if (star) {
        const q = fields.length >= 2 ? str(fields[fields.length - 2]) : null;
        const r = scope.rels.find((x) => (q ? x.alias === q : x.tenant || x.virtual));
        if (r) return this.node(r);
        continue;
      }
      const name = rt.name ? String(rt.name) : cref ? str(last) : null;
      if (name === D && val) return this.valueNode(val, scope);
    }
    return null;
  }
}

const label = (r: Rel) =>
  r.virtual ? `${r.name}` : r.alias && r.alias !== r.name ? `${r.name} ${r.alias}` : r.name;

export interface ParsedStatement {
  stmts: { stmt: Node }[];
}

/** Violations of one parsed SQL text (all its statements). */
export function checkParsed(
  parsed: ParsedStatement,
  isTenant: (table: string) => boolean,
  params: readonly unknown[] = [],
): QueryViolation[] {
  return parsed.stmts.flatMap((s) => new TenantQueryChecker(isTenant, params).check(s.stmt));
}

export interface CapturedStatement {
  text: string;
  params: unknown[];
  /** Where it was sent from, when the capture could tell. */
  origin?: string;
}

/** Parameter sets checked per distinct statement: a join must hold its portal equality in each of them. */
const PARAM_SETS = 3;

export async function checkCapturedStatements(lines: CapturedStatement[]) {
  const { loadModule, parseSync } = await import("libpg-query");
  await loadModule();
  const byText = new Map<string, unknown[][]>();
  const origins = new Map<string, string>();
  for (const l of lines) {
    const sets = byText.get(l.text) ?? [];
    if (sets.length < PARAM_SETS) sets.push(l.params);
    byText.set(l.text, sets);
    if (l.origin && !origins.has(l.text)) origins.set(l.text, l.origin);
  }
  const isTenant = (t: string) => tenancyOf(t) === "tenant";
  const failed: { text: string; origin?: string; violations: QueryViolation[] }[] = [];
  let unparsed = 0;
  for (const [text, sets] of byText) {
    let parsed: ParsedStatement;
    try {
      parsed = parseSync(text) as ParsedStatement;
    } catch {
      unparsed += 1;
      continue;
    }
    const violations = sets.flatMap((params) => checkParsed(parsed, isTenant, params));
    const seen = new Set<string>();
    const distinct = violations.filter((v) => {
      const k = `${v.left}|${v.right}|${v.why}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (distinct.length) failed.push({ text, origin: origins.get(text), violations: distinct });
  }
  return { statements: byText.size, unparsed, failed };
}

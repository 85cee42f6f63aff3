/**
 * A small pattern language for the theme rules, compiled to one RegExp over normalised text:
 *
 *   "цен выше"          a word starting "цен", then a word starting "выше" (a token is a stem: any ending follows)
 *   "нет= денег"        "=" ends a token: the exact word "нет"
 *   "(ушли|ушел) (к|в)=" a group is a choice of phrases, each read by these same rules ("(на= паузе|hold=)")
 *   "ушли … конкур"     "…" lets up to six words (no clause break) stand between
 *   "ушли … … конкур"   "… …" lets up to ten words and commas stand between
 *   "цена ~ устроила"   "~" lets up to four words stand between, none of them "не" / "not" ("цена не устроила")
 *
 * Words of a phrase never cross a full stop, "!", "?", ";" or a comma, so one rule reads one clause.
 */

const L = "[a-zа-я0-9]";
const START = `(?<!${L})`;
const END = `(?!${L})`;
const SEP = `[^a-zа-я0-9.!?;,\\n]+`;
const SEP_COMMA = `[^a-zа-я0-9.!?;\\n]+`;
const GAP = `(?:${SEP}${L}+){0,6}${SEP}`;
const LONG_GAP = `(?:${SEP_COMMA}${L}+){0,10}${SEP_COMMA}`;
const PLAIN_GAP = `(?:${SEP}(?!(?:не|not|ни)${END})${L}+){0,4}${SEP}`;

/** Splits on `sep` outside parentheses and brackets. */
function splitTop(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(" || ch === "[") depth += 1;
    if (ch === ")" || ch === "]") depth -= 1;
    if (depth === 0 && sep.test(ch)) {
      if (cur) out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** A whole-token group "( … | … )", or null. */
function groupBody(t: string): string | null {
  if (!t.startsWith("(") || !t.endsWith(")")) return null;
  let depth = 0;
  for (let i = 0; i < t.length; i += 1) {
    if (t[i] === "(") depth += 1;
    if (t[i] === ")") depth -= 1;
    if (depth === 0 && i < t.length - 1) return null;
  }
  return t.slice(1, -1);
}

/**
 * `anchored`: the regex is only ever tried at word starts (./index.ts, scan), and every later token follows a
 * separator, so no token needs the "not after a letter" lookbehind — dropping it makes matching 3–5× faster.
 */
function token(t: string, anchored: boolean): string {
  const group = groupBody(t);
  if (group !== null)
    return `(?:${splitTop(group, /\|/)
      .map((alt) => patternSource(alt, anchored))
      .join("|")})`;
  const exact = t.endsWith("=");
  const body = exact ? t.slice(0, -1) : t;
  return `${anchored ? "" : START}(?:${body})${exact ? END : `${L}*`}`;
}

export function patternSource(pattern: string, anchored = false): string {
  const parts = splitTop(pattern.trim(), /\s/);
  let out = "";
  let pendingGap: string | null = null;
  for (let i = 0; i < parts.length; i += 1) {
    const p = parts[i] as string;
    if (p === "~") {
      pendingGap = PLAIN_GAP;
      continue;
    }
    if (p === "…") {
      pendingGap = parts[i + 1] === "…" ? LONG_GAP : GAP;
      if (parts[i + 1] === "…") i += 1;
      continue;
    }
    if (out) out += pendingGap ?? SEP;
    pendingGap = null;
    out += token(p, anchored);
  }
  return out;
}

/** Many patterns → one sticky RegExp (an alternation), tried at word starts (./index.ts, scan). */
export function compilePatterns(patterns: readonly string[]): RegExp {
  return new RegExp(patterns.map((p) => `(?:${patternSource(p, true)})`).join("|"), "y");
}

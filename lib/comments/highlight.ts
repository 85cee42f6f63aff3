/**
 * Highlights as data, never as HTML. Postgres marks matches with two control characters (which the stored
 * plain text never contains: they are stripped before ts_headline runs); this splits the marked text into
 * segments that the page renders as text nodes and <mark> elements, so a comment holding `<script>` is shown
 * as those characters and nothing else.
 */

export const HL_START = "\u0001";
export const HL_STOP = "\u0002";
/** Stands in for "<" in the text given to ts_headline, whose parser would otherwise take "<script>" for a tag. */
export const HL_LT = "\u0003";

export interface Segment {
  text: string;
  hit: boolean;
}

export function segmentsFromMarked(marked: string): Segment[] {
  const out: Segment[] = [];
  let hit = false;
  let buf = "";
  const flush = () => {
    if (!buf) return;
    const prev = out[out.length - 1];
    if (prev && prev.hit === hit) prev.text += buf;
    else out.push({ text: buf, hit });
    buf = "";
  };
  for (const ch of marked) {
    if (ch === HL_START || ch === HL_STOP) {
      flush();
      hit = ch === HL_START;
    } else buf += ch === HL_LT ? "<" : ch;
  }
  flush();
  return out;
}

/** Marks every case-insensitive occurrence of `needle` in segments that are not hits yet (substring fallback). */
export function markSubstring(segments: Segment[], needle: string): Segment[] {
  const n = needle.trim().toLowerCase();
  if (n.length < 2) return segments;
  const out: Segment[] = [];
  for (const s of segments) {
    if (s.hit) {
      out.push(s);
      continue;
    }
    const lower = s.text.toLowerCase();
    let i = 0;
    for (let at = lower.indexOf(n); at !== -1 && lower.length === s.text.length; at = lower.indexOf(n, i)) {
      if (at > i) out.push({ text: s.text.slice(i, at), hit: false });
      out.push({ text: s.text.slice(at, at + n.length), hit: true });
      i = at + n.length;
    }
    if (i < s.text.length) out.push({ text: s.text.slice(i), hit: false });
  }
  return out;
}

/** A long comment cut around its first hit, so the match is visible in a one-paragraph card. */
export function clipSegments(segments: Segment[], max = 400): Segment[] {
  const total = segments.reduce((n, s) => n + s.text.length, 0);
  if (total <= max) return segments;
  let firstHit = 0;
  for (const s of segments) {
    if (s.hit) break;
    firstHit += s.text.length;
  }
  const start = Math.max(0, Math.min(firstHit - 80, total - max));
  const end = start + max;
  const out: Segment[] = [];
  let pos = 0;
  for (const s of segments) {
    const a = Math.max(start, pos);
    const b = Math.min(end, pos + s.text.length);
    if (b > a) out.push({ text: s.text.slice(a - pos, b - pos), hit: s.hit });
    pos += s.text.length;
  }
  if (start > 0) out.unshift({ text: "…", hit: false });
  if (end < total) out.push({ text: "…", hit: false });
  return out;
}

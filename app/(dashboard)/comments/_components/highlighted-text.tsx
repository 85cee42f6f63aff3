import type { Segment } from "@/lib/comments/highlight";

/**
 * Comment text with its matches marked. Every segment is a React text node, so whatever the comment holds
 * (`<script>`, HTML entities) is shown as characters, never parsed as markup.
 */
export function HighlightedText({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.hit ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <mark key={i} className="rounded bg-yellow-200 px-0.5 text-inherit">
            {s.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and never reordered
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

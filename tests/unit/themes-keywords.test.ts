import { describe, expect, it } from "vitest";
import { clipSegments, markSubstring, segmentsFromMarked } from "@/lib/comments/highlight";
import { parseQueryText } from "@/lib/comments/query-text";
import { escapeMarkdown } from "@/lib/themes/brief";
import { keywordQuery, parseKeywordList } from "@/lib/themes/keywords";
import { monthRange } from "@/lib/themes/stats";

describe("theme keywords", () => {
  it("become quoted tsquery terms: phrases, prefixes, nothing an admin can inject", () => {
    expect(keywordQuery("Цена")).toBe("'цена'");
    expect(keywordQuery("за такие деньги")).toBe("('за' <-> 'такие' <-> 'деньги')");
    expect(keywordQuery("конкурент*")).toBe("'конкурент':*");
    expect(keywordQuery("x':* | !")).toBe("'x'");
    expect(keywordQuery("*")).toBeNull();
  });

  it("a textarea becomes a clean, deduplicated list", () => {
    expect(parseKeywordList("цена, Цена\nдорого;  скидка  15% \n\n!!!")).toEqual([
      "цена",
      "дорого",
      "скидка 15%",
    ]);
  });
});

describe("search text", () => {
  it("splits the word being typed off as a prefix, except after a space, a quote or a minus", () => {
    expect(parseQueryText("высокая цен")).toMatchObject({
      websearch: "высокая",
      prefix: "цен",
      prefixOr: false,
    });
    expect(parseQueryText("бюджет or сро")).toMatchObject({
      websearch: "бюджет",
      prefix: "сро",
      prefixOr: true,
    });
    expect(parseQueryText("цена ")).toMatchObject({ websearch: "цена", prefix: null });
    expect(parseQueryText('"высокая цена"')).toMatchObject({ prefix: null, hasOperators: true });
    expect(parseQueryText("цена -конкурент")).toMatchObject({ prefix: null, phrase: "цена", words: [] });
    expect(parseQueryText("  ")).toMatchObject({ empty: true });
  });
});

describe("highlight segments", () => {
  it("come from control-character marks and keep every character of the text", () => {
    const segs = segmentsFromMarked("<script>\u0001цена\u0002 \u0003b>");
    expect(segs).toEqual([
      { text: "<script>", hit: false },
      { text: "цена", hit: true },
      { text: " <b>", hit: false },
    ]);
    expect(markSubstring([{ text: "Не берёт трубку", hit: false }], "трубк")).toEqual([
      { text: "Не берёт ", hit: false },
      { text: "трубк", hit: true },
      { text: "у", hit: false },
    ]);
  });

  it("a long comment is cut around its first hit", () => {
    const segs = clipSegments(
      [
        { text: "a".repeat(600), hit: false },
        { text: "цена", hit: true },
      ],
      100,
    );
    expect(segs[0]).toEqual({ text: "…", hit: false });
    expect(segs.some((s) => s.hit && s.text === "цена")).toBe(true);
  });
});

describe("brief helpers", () => {
  it("escape Markdown and list months", () => {
    expect(escapeMarkdown("**жирный** [ссылка](javascript:x)\n<b>")).toBe(
      "\\*\\*жирный\\*\\* \\[ссылка\\]\\(javascript:x\\) \\<b\\>",
    );
    expect(monthRange("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});

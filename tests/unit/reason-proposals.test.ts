import { describe, expect, it } from "vitest";
import {
  contentStems,
  levenshtein,
  nameSimilarity,
  proposeMerges,
  stem,
  trigramSimilarity,
  whyAlike,
} from "@/lib/reasons/proposals";

describe("stems", () => {
  it("ties the word forms of a reason together, Russian and English", () => {
    expect(stem("конкуренту")).toBe("конкурент");
    expect(stem("конкурента")).toBe("конкурент");
    expect(stem("конкурентов")).toBe("конкурент");
    expect(stem("бюджета")).toBe("бюджет");
    expect(stem("prices")).toBe("price");
    // Snowball, as the tagger stems (lib/themes/tagger/stem.ts).
    expect(stem("ушли")).toBe("ушл");
  });

  it("sets stop words and the words every reason may carry aside", () => {
    expect(contentStems("Ушли к конкуренту")).toEqual(["ушл", "конкурент"]);
    expect(contentStems("Нет бюджета")).toEqual(["бюджет"]);
    expect(contentStems("Клиент не отвечает")).toEqual(["отвеча"]);
  });
});

describe("similarity", () => {
  it("is pg_trgm's trigram similarity", () => {
    expect(trigramSimilarity("дорого", "дорого")).toBe(1);
    expect(trigramSimilarity("дорого", "нет бюджета")).toBe(0);
    // "  д", " до", "дор", "оро", "рог", "ого", "го " (7) vs the 11 of «дороговато»: 6 shared of 12.
    expect(trigramSimilarity("дорого", "дороговато")).toBeCloseTo(6 / 12, 10);
  });

  it("counts edits", () => {
    expect(levenshtein("дорого", "дарого")).toBe(1);
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
  });

  it("takes a typo in a long name, not two short unrelated words", () => {
    expect(nameSimilarity("Не выходит на связь", "Не выходит на свзь")).not.toBeNull();
    expect(nameSimilarity("Дорого", "Долго")).toBeNull();
    expect(nameSimilarity("Дорого", "Нет бюджета")).toBeNull();
  });
});

describe("why two reasons look alike", () => {
  it("same normal form", () => {
    expect(whyAlike("Дорого!", "дорого")).toEqual({ kind: "same" });
    expect(whyAlike("Ёмкость", "емкость")).toEqual({ kind: "same" });
  });

  it("spelled alike", () => {
    const why = whyAlike("Дорого", "Дороговато");
    expect(why?.kind).toBe("similar");
  });

  it("a shared stem: «Ушли к конкуренту» / «Выбрали конкурента»", () => {
    expect(whyAlike("Ушли к конкуренту", "Выбрали конкурента")).toEqual({
      kind: "stem",
      stems: ["конкурент"],
    });
    expect(whyAlike("Нет бюджета", "Бюджет заморожен")).toEqual({ kind: "stem", stems: ["бюджет"] });
  });

  it("not for reasons that only share a stop word or a generic word", () => {
    expect(whyAlike("Нет бюджета", "Нет решения")).toBeNull();
    expect(whyAlike("Клиент передумал", "Клиент не отвечает")).toBeNull();
    expect(whyAlike("Дорого", "Ушли к конкуренту")).toBeNull();
  });
});

describe("proposeMerges", () => {
  const reasons = [
    { id: 1, name: "Дорого", deals: 32 },
    { id: 2, name: "Ушли к конкуренту", deals: 79 },
    { id: 3, name: "Выбрали конкурента", deals: 33 },
    { id: 4, name: "Нет бюджета", deals: 10 },
    { id: 5, name: "дорого", deals: 63 },
  ];

  it("proposes each near-duplicate pair once, the smaller into the larger, strongest first", () => {
    const got = proposeMerges(reasons, []);
    expect(got.map((p) => [p.from.id, p.into.id, p.why.kind])).toEqual([
      [1, 5, "same"],
      [3, 2, "stem"],
    ]);
  });

  it("never proposes a rejected pair again, whichever way round it was stored", () => {
    expect(proposeMerges(reasons, [[5, 1]]).map((p) => [p.from.id, p.into.id])).toEqual([[3, 2]]);
    expect(
      proposeMerges(reasons, [
        [1, 5],
        [2, 3],
      ]),
    ).toEqual([]);
  });

  it("on a tie the older reason (lower id) stays", () => {
    const [p] = proposeMerges(
      [
        { id: 7, name: "Нет бюджета", deals: 4 },
        { id: 9, name: "Бюджет заморожен", deals: 4 },
      ],
      [],
    );
    expect([p?.from.id, p?.into.id]).toEqual([9, 7]);
  });
});

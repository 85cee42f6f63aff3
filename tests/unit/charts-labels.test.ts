import { describe, expect, it } from "vitest";
import { shortLabel } from "@/components/charts/options";

describe("shortLabel (axis labels)", () => {
  it("leaves a label that fits", () => {
    expect(shortLabel("Дорого", 20)).toBe("Дорого");
    expect(shortLabel("Сделка провалена", 16)).toBe("Сделка провалена");
  });

  it("cuts a long label with an ellipsis, within the limit", () => {
    const cut = shortLabel("Пропал, не выходит на связь", 20);
    expect(cut).toBe("Пропал, не выходит…");
    expect(cut.length).toBeLessThanOrEqual(20);
  });

  it("keeps the pipeline of a «name · pipeline» label, so same-named reasons still differ", () => {
    const a = shortLabel("Сделка провалена · Продажи", 20);
    const b = shortLabel("Сделка провалена · Крупные клиенты", 24);
    expect(a).toBe("Сделка пр… · Продажи");
    expect(a.length).toBeLessThanOrEqual(20);
    expect(b.endsWith(" · Крупные клиенты")).toBe(true);
    expect(shortLabel("Сделка провалена · Крупные клиенты", 20)).not.toBe(
      shortLabel("Сделка провалена · Продажи", 20),
    );
  });

  it("falls back to a plain cut when the pipeline alone would not fit", () => {
    expect(shortLabel("Нет · Очень длинное название воронки", 12)).toBe("Нет · Очень…");
  });
});

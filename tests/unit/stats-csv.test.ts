import { describe, expect, it } from "vitest";
import { BOM, csvCell, toCsv } from "@/lib/analytics/csv";
import { excerpt } from "@/lib/analytics/drilldown";

interface Row {
  id: number;
  title: string;
  amount: number | null;
  at: Date | null;
}

const columns = [
  { header: "ID", value: "id" as const },
  { header: "Сделка", value: "title" as const },
  { header: "Сумма", value: (r: Row) => r.amount },
  { header: "Дата", value: "at" as const },
];

describe("toCsv", () => {
  it("writes a BOM, a header, CRLF rows and RFC 4180 quoting", () => {
    const csv = toCsv<Row>(
      [
        { id: 1, title: "Поставка, срочно", amount: 1234.5, at: new Date("2026-02-10T12:00:00Z") },
        { id: 2, title: 'ООО "Ромашка"', amount: null, at: null },
        { id: 3, title: "две\nстроки", amount: -5, at: null },
      ],
      columns,
    );
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1)).toBe(
      'ID,Сделка,Сумма,Дата\r\n1,"Поставка, срочно",1234.5,2026-02-10T12:00:00.000Z\r\n2,"ООО ""Ромашка""",,\r\n3,"две\nстроки",-5,\r\n',
    );
  });

  it("with ';' for Russian Excel: no quotes for commas, decimal comma for numbers", () => {
    const csv = toCsv<Row>([{ id: 1, title: "a, b; c", amount: 1234.5, at: null }], columns, {
      separator: ";",
    });
    expect(csv).toBe(`${BOM}ID;Сделка;Сумма;Дата\r\n1;"a, b; c";1234,5;\r\n`);
  });

  it("guards against formula injection in text cells, not in numbers", () => {
    expect(csvCell("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(csvCell("+7 999 123-45-67")).toBe("'+7 999 123-45-67");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("Цена = дорого")).toBe("Цена = дорого");
  });

  it("can leave the BOM out", () => {
    expect(toCsv([{ a: 1 }], [{ header: "a", value: "a" }], { bom: false })).toBe("a\r\n1\r\n");
  });
});

describe("comment excerpt", () => {
  it("keeps short text, collapses whitespace, cuts long text to 140 characters with an ellipsis", () => {
    expect(excerpt("Пропал,\n  не берёт трубку")).toBe("Пропал, не берёт трубку");
    const long = "цена ".repeat(50);
    const e = excerpt(long) ?? "";
    expect(e.length).toBeLessThanOrEqual(140);
    expect(e.endsWith("…")).toBe(true);
    expect(excerpt("x".repeat(140))).toBe("x".repeat(140));
    expect(excerpt("x".repeat(141))).toBe(`${"x".repeat(139)}…`);
    expect(excerpt("   ")).toBeNull();
    expect(excerpt(null)).toBeNull();
  });
});

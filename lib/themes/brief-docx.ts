/**
 * The content brief as a Word document (.docx, via the `docx` package): the same blocks as the Markdown, written
 * as real headings, bullet lists, indented italic quotes and a table, so marketing can open, edit and forward it.
 * Text from data is plain text here (the package escapes XML); only the dictionary's `**bold**` becomes bold.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { BriefData } from "./brief-data";
import { type Block, briefBlocks, type RenderOptions } from "./brief-model";

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

/** Plain text from data: one line, and no `**` that the run parser would take for bold. */
function plain(s: string): string {
  return s.replace(/\s+/g, " ").trim().replace(/\*\*/g, "*");
}

/** `**bold**` segments of a dictionary line as bold runs. */
function runs(text: string, italics = false): TextRun[] {
  return text
    .split(/\*\*(.+?)\*\*/g)
    .flatMap((part, i) => (part ? [new TextRun({ text: part, bold: i % 2 === 1, italics })] : []));
}

function table(header: readonly string[], rows: string[][]): Table {
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
          children: [new TextRun({ text, bold })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i)) })),
    ],
  });
}

function blockDocx(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case "heading":
      return [new Paragraph({ heading: HEADINGS[b.level], children: [new TextRun(b.text)] })];
    case "para":
      return [new Paragraph({ children: runs(b.text, b.italic), spacing: { after: 120 } })];
    case "bullets":
      return b.items.map((i) => new Paragraph({ bullet: { level: 0 }, children: runs(i) }));
    case "quote":
      return [
        new Paragraph({
          indent: { left: 567 },
          spacing: { before: 80, after: 80 },
          border: { left: { style: BorderStyle.SINGLE, size: 12, color: "9CA3AF", space: 8 } },
          children: [new TextRun({ text: `«${b.text}»`, italics: true })],
        }),
      ];
    case "table":
      return [table(b.header, b.rows), new Paragraph({ children: [] })];
  }
}

/** The brief (every theme in `data`) as .docx bytes. */
export async function briefDocx(data: BriefData, opts: Omit<RenderOptions, "esc">): Promise<Buffer> {
  const blocks = briefBlocks(data, { ...opts, esc: plain });
  const title = blocks.find((b) => b.kind === "heading");
  const doc = new Document({
    creator: "LossLens",
    title: title?.kind === "heading" ? title.text : "LossLens",
    styles: { default: { document: { run: { font: "Calibri", size: 22 } } } },
    sections: [{ children: blocks.flatMap(blockDocx) }],
  });
  return Packer.toBuffer(doc);
}

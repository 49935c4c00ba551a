import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { asReport, cellValue, hasTotals, totalsRow, type Cell, type Report, type ReportColumn, type ReportTable } from './report-table';

// A4 landscape, each table from a new page with its title and details, its header repeated on
// every page, numbers right-aligned, cells cut to their column with an ellipsis, "page n of m" at
// the foot. Formulas print as their values; charts are the screen's, not the PDF's. The standard
// fonts speak WinAnsi only: a character outside it prints as "?" rather than failing the export.

const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 36;
const FONT_SIZE = 8;
const ROW_HEIGHT = 13;
const GREY = rgb(0.45, 0.45, 0.45);

/** A cell as the PDF prints it. */
export function formatPdfCell(cell: Cell | undefined, column: ReportColumn, moneyDigits: number): string {
  const value = cellValue(cell);
  if (value === null) return '';
  if (typeof value === 'string') return column.kind === 'datetime' ? value.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : value;
  if (column.kind === 'percent') return `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value * 100)}%`;
  const digits = column.kind === 'money' ? { minimumFractionDigits: moneyDigits, maximumFractionDigits: moneyDigits }
    : column.kind === 'integer' ? { maximumFractionDigits: 0 }
      : column.kind === 'days' ? { minimumFractionDigits: 1, maximumFractionDigits: 1 }
        : column.kind === 'number' ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 4 };
  return new Intl.NumberFormat('en-US', digits).format(value);
}

interface Fonts { regular: PDFFont; bold: PDFFont; printable: Set<number> }

function printable(fonts: Fonts, text: string): string {
  return [...text].map((ch) => (fonts.printable.has(ch.codePointAt(0) ?? 0) ? ch : '?')).join('');
}

function fit(font: PDFFont, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, FONT_SIZE) <= width) return text;
  let cut = text;
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}…`, FONT_SIZE) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function drawTable(doc: PDFDocument, fonts: Fonts, table: ReportTable): void {
  const { regular } = fonts;
  const usable = PAGE.width - 2 * MARGIN;
  const weight = table.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = table.columns.map((c) => (c.width / weight) * usable);
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));

  const drawRow = (page: PDFPage, y: number, texts: readonly string[], font: PDFFont) => {
    table.columns.forEach((column, i) => {
      const text = fit(font, printable(fonts, texts[i] ?? ''), widths[i]! - 4);
      const width = font.widthOfTextAtSize(text, FONT_SIZE);
      const right = column.kind !== 'text' && column.kind !== 'datetime' && column.kind !== 'date';
      page.drawText(text, { x: right ? lefts[i]! + widths[i]! - 2 - width : lefts[i]! + 2, y, size: FONT_SIZE, font });
    });
  };
  const format = (cells: readonly Cell[]) => table.columns.map((column, i) => formatPdfCell(cells[i], column, table.moneyDigits));

  let page = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  page.drawText(fit(fonts.bold, printable(fonts, table.title), usable), { x: MARGIN, y: y - 6, size: 14, font: fonts.bold });
  y -= 24;
  for (const line of table.details) {
    page.drawText(fit(regular, printable(fonts, line), usable), { x: MARGIN, y, size: FONT_SIZE + 1, font: regular, color: GREY });
    y -= ROW_HEIGHT;
  }
  y -= 4;
  const header = () => {
    drawRow(page, y, table.columns.map((c) => c.header), fonts.bold);
    page.drawLine({ start: { x: MARGIN, y: y - 3 }, end: { x: PAGE.width - MARGIN, y: y - 3 }, thickness: 0.5 });
    y -= ROW_HEIGHT + 2;
  };
  header();
  const bodyRows: { cells: readonly Cell[]; bold: boolean }[] = table.rows.map((cells) => ({ cells, bold: false }));
  if (hasTotals(table)) bodyRows.push({ cells: totalsRow(table), bold: true });
  for (const row of bodyRows) {
    if (y < MARGIN + ROW_HEIGHT) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - MARGIN;
      header();
    }
    if (row.bold) page.drawLine({ start: { x: MARGIN, y: y + ROW_HEIGHT - 3 }, end: { x: PAGE.width - MARGIN, y: y + ROW_HEIGHT - 3 }, thickness: 0.5 });
    drawRow(page, y, format(row.cells), row.bold ? fonts.bold : regular);
    y -= ROW_HEIGHT;
  }
  if (table.rows.length === 0) page.drawText('Nothing to list.', { x: MARGIN, y, size: FONT_SIZE, font: regular, color: GREY });
}

export async function writePdf(input: ReportTable | Report): Promise<Uint8Array> {
  const report = asReport(input);
  const doc = await PDFDocument.create();
  doc.setTitle(report.title);
  doc.setProducer('CapLiquify');
  doc.setCreationDate(new Date());
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const fonts: Fonts = { regular, bold: await doc.embedFont(StandardFonts.HelveticaBold), printable: new Set(regular.getCharacterSet()) };
  for (const table of report.tables) drawTable(doc, fonts, report.details.length > 0 ? { ...table, details: [...report.details, ...table.details] } : table);

  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const footer = `${printable(fonts, report.title)} - page ${i + 1} of ${pages.length}`;
    p.drawText(footer, { x: PAGE.width - MARGIN - regular.widthOfTextAtSize(footer, FONT_SIZE), y: MARGIN / 2, size: FONT_SIZE, font: regular, color: GREY });
  });
  return doc.save();
}

import ExcelJS from 'exceljs';
import { hasTotals, totalsRow, type ReportColumn, type ReportTable } from './report-table';

// The table on the first sheet (header row frozen, filters on), typed cells with number formats,
// and a totals row of real SUM formulas (with their values cached, for readers that do not
// calculate); what the report is about goes on a second sheet.

function numberFormat(column: ReportColumn, value: number, moneyDigits: number): string | undefined {
  switch (column.kind) {
    case 'integer': return '#,##0';
    case 'money': return moneyDigits === 0 ? '#,##0' : `#,##0.${'0'.repeat(moneyDigits)};-#,##0.${'0'.repeat(moneyDigits)}`;
    // A format with optional decimals leaves a dangling point on whole numbers in Excel.
    case 'quantity': return Number.isInteger(value) ? '#,##0' : '#,##0.0###';
    default: return undefined;
  }
}

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export async function writeXlsx(table: ReportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CapLiquify';
  workbook.title = table.title;
  const sheet = workbook.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const cells of table.rows) {
    const row = sheet.addRow(cells.map((value, i) => (table.columns[i]?.kind === 'datetime' && typeof value === 'string' ? new Date(value) : value)));
    table.columns.forEach((column, i) => {
      const value = cells[i];
      const cell = row.getCell(i + 1);
      if (typeof value === 'number') cell.numFmt = numberFormat(column, value, table.moneyDigits) ?? 'General';
      else if (column.kind === 'datetime' && value !== null) cell.numFmt = 'yyyy-mm-dd hh:mm:ss';
      if (column.kind !== 'text' && column.kind !== 'datetime') cell.alignment = { horizontal: 'right' };
    });
  }
  const last = table.rows.length + 1;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: last, column: table.columns.length } };
  if (hasTotals(table)) {
    const values = totalsRow(table);
    const row = sheet.addRow([]);
    row.font = { bold: true };
    table.columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      const value = values[i];
      if (i === 0) cell.value = table.totalsLabel;
      else if (column.total && typeof value === 'number') {
        const letter = columnLetter(i);
        cell.value = { formula: table.rows.length === 0 ? '0' : `SUM(${letter}2:${letter}${last})`, result: value };
        cell.numFmt = numberFormat(column, value, table.moneyDigits) ?? 'General';
      }
    });
  }
  const about = workbook.addWorksheet('About');
  about.getColumn(1).width = 100;
  about.addRow([table.title]).font = { bold: true, size: 14 };
  for (const line of table.details) about.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import ExcelJS from 'exceljs';
import { asReport, cellValue, hasTotals, isFormula, totalsRow, TOTAL_ROW, type Cell, type Report, type ReportColumn, type ReportTable } from './report-table';
import { columnLetter, resolveFormula } from './xlsx-formula';

// Each table on a sheet of its own (header row frozen, filters on), typed cells with number
// formats, formulas where the table has them (with their values cached, for readers that do not
// calculate) and a totals row of real SUM formulas; what the report is about goes on a last sheet.

function moneyFormat(digits: number, currency: string | undefined): string {
  const number = digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`;
  if (currency === undefined) return digits === 0 ? number : `${number};-${number}`;
  return `${number} "${currency}";-${number} "${currency}"`;
}

export function numberFormat(column: ReportColumn, value: number, table: Pick<ReportTable, 'moneyDigits' | 'currency'>): string | undefined {
  switch (column.kind) {
    case 'integer': return '#,##0';
    case 'money': return moneyFormat(table.moneyDigits, table.currency);
    // A format with optional decimals leaves a dangling point on whole numbers in Excel.
    case 'quantity': return Number.isInteger(value) ? '#,##0' : '#,##0.0###';
    case 'days': return '#,##0.0 "days"';
    case 'percent': return '0.0%';
    case 'number': return '#,##0.00';
    default: return undefined;
  }
}

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** A cell's value as exceljs takes it: dates as Date, formulas as formula with result. */
function sheetValue(table: ReportTable, column: ReportColumn, cell: Cell | undefined, row: number | typeof TOTAL_ROW): ExcelJS.CellValue {
  if (cell === undefined || cell === null) return null;
  if (isFormula(cell)) {
    const formula = resolveFormula(table, cell.formula, row);
    return cell.value === null ? { formula } as ExcelJS.CellFormulaValue : { formula, result: cell.value };
  }
  if (typeof cell === 'string' && column.kind === 'datetime') return new Date(cell);
  if (typeof cell === 'string' && column.kind === 'date' && isDay(cell)) return new Date(`${cell}T00:00:00Z`);
  return cell;
}

function styleCell(sheetCell: ExcelJS.Cell, table: ReportTable, column: ReportColumn, cell: Cell | undefined): void {
  const value = cellValue(cell);
  if (typeof value === 'number' || (isFormula(cell) && column.kind !== 'text')) sheetCell.numFmt = numberFormat(column, typeof value === 'number' ? value : 0, table) ?? 'General';
  else if (column.kind === 'datetime' && value !== null) sheetCell.numFmt = 'yyyy-mm-dd hh:mm:ss';
  else if (column.kind === 'date' && typeof value === 'string' && isDay(value)) sheetCell.numFmt = 'yyyy-mm-dd';
  if (column.kind !== 'text' && column.kind !== 'datetime' && column.kind !== 'date') sheetCell.alignment = { horizontal: 'right' };
}

/** Sheet names: at most 31 characters, none of \ / ? * [ ] :, unique within the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31).trim() || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function addTable(workbook: ExcelJS.Workbook, table: ReportTable, taken: Set<string>): void {
  const sheet = workbook.addWorksheet(sheetName(table.sheetName ?? table.title, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  table.rows.forEach((cells, r) => {
    const row = sheet.getRow(r + 2);
    table.columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      cell.value = sheetValue(table, column, cells[i], r);
      styleCell(cell, table, column, cells[i]);
    });
  });
  const last = table.rows.length + 1;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(last, 1), column: table.columns.length } };
  if (!hasTotals(table)) return;
  const totals = totalsRow(table);
  const row = sheet.getRow(last + 1);
  row.font = { bold: true };
  table.columns.forEach((column, i) => {
    const cell = row.getCell(i + 1);
    const given = column.key === undefined ? undefined : table.totalCells?.[column.key];
    if (i === 0) cell.value = table.totalsLabel;
    else if (given !== undefined) {
      cell.value = sheetValue(table, column, given, TOTAL_ROW);
      styleCell(cell, table, column, given);
    } else if (column.total) {
      const letter = columnLetter(i);
      const value = totals[i] as number;
      cell.value = { formula: table.rows.length === 0 ? '0' : `SUM(${letter}2:${letter}${last})`, result: value };
      styleCell(cell, table, column, value);
    }
  });
}

export async function writeXlsx(input: ReportTable | Report): Promise<Uint8Array> {
  const report = asReport(input);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CapLiquify';
  workbook.title = report.title;
  const taken = new Set<string>(['about']);
  for (const table of report.tables) addTable(workbook, table, taken);
  const about = workbook.addWorksheet('About');
  about.getColumn(1).width = 100;
  about.addRow([report.title]).font = { bold: true, size: 14 };
  for (const line of report.details) about.addRow([line]);
  for (const table of report.tables) {
    if (report.tables.length > 1 || table.title !== report.title) {
      about.addRow([]);
      about.addRow([table.title]).font = { bold: true };
    }
    for (const line of table.details) about.addRow([line]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

import { writeCsv } from './csv.writer';
import { writePdf } from './pdf.writer';
import { asReport, slug, type Report, type ReportTable } from './report-table';
import { writeXlsx } from './xlsx.writer';

// A report as files: one workbook, one PDF, and a CSV per table (a CSV holds one table). The
// renderer never imports this (it would bundle exceljs and pdf-lib): the desktop core and the
// server write the files.

export const REPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_MIME_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ReportFile { fileName: string; mimeType: string; bytes: Uint8Array }

/** The files of a report in one format; CSV gives one file per table, named after the table when there are several. */
export async function renderReport(input: ReportTable | Report, format: ReportFormat): Promise<ReportFile[]> {
  const report = asReport(input);
  const mimeType = REPORT_MIME_TYPES[format];
  if (format === 'xlsx') return [{ fileName: `${report.fileStem}.xlsx`, mimeType, bytes: await writeXlsx(report) }];
  if (format === 'pdf') return [{ fileName: `${report.fileStem}.pdf`, mimeType, bytes: await writePdf(report) }];
  if (report.tables.length === 1) return [{ fileName: `${report.fileStem}.csv`, mimeType, bytes: writeCsv(report.tables[0]!) }];
  const used = new Set<string>();
  return report.tables.map((table) => {
    let name = `${report.fileStem}-${slug(table.sheetName ?? table.title, 'table')}`;
    for (let n = 2; used.has(name); n++) name = `${report.fileStem}-${slug(table.sheetName ?? table.title, 'table')}-${n}`;
    used.add(name);
    return { fileName: `${name}.csv`, mimeType, bytes: writeCsv(table) };
  });
}

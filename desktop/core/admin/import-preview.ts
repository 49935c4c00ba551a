import ExcelJS from 'exceljs';
import { AdminError } from './admin-error';
import { csvPreviewRows } from './csv-preview';

/** Rows shown under the header before uploading. */
export const PREVIEW_ROWS = 20;

export interface ImportPreview {
  format: 'csv' | 'xlsx';
  columns: string[];
  /** Up to PREVIEW_ROWS rows after the header, each as long as `columns`. */
  rows: string[][];
}

/**
 * The header and first rows of the file the person picked, read on the station so they see its
 * columns before anything is sent. The server judges the rows when it imports them; this only
 * refuses what it cannot read at all (the same formats the server refuses).
 */
export async function previewImport(bytes: Uint8Array): Promise<ImportPreview> {
  if (bytes.length === 0) throw new AdminError('BAD_REQUEST', 'The file is empty.');
  const head = bytes.subarray(0, 4);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return shape('xlsx', await xlsxRows(bytes));
  if (head[0] === 0xd0 && head[1] === 0xcf) throw new AdminError('BAD_REQUEST', 'This is an old Excel .xls file: save it as .xlsx or CSV and upload that.');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new AdminError('BAD_REQUEST', 'This text is UTF-16: save the CSV as UTF-8 (Excel: "CSV UTF-8").');
  }
  // Enough text for the header and 20 rows of any sensible width; a cut last line is not shown.
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 1024 * 1024));
  if (text.includes('\0')) throw new AdminError('BAD_REQUEST', 'This is neither a CSV nor an XLSX file.');
  return shape('csv', csvPreviewRows(text, PREVIEW_ROWS + 1));
}

function shape(format: ImportPreview['format'], table: string[][]): ImportPreview {
  const [header = [], ...rows] = table;
  const width = Math.max(header.length, ...rows.map((r) => r.length));
  const pad = (r: string[]) => Array.from({ length: width }, (_, i) => r[i] ?? '');
  return { format, columns: pad(header).map((c, i) => c.trim() || `Column ${i + 1}`), rows: rows.slice(0, PREVIEW_ROWS).map(pad) };
}

async function xlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new AdminError('BAD_REQUEST', 'This XLSX file cannot be read: open it in a spreadsheet and save it again.', { cause: error });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length > PREVIEW_ROWS) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cell.text;
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  return rows;
}

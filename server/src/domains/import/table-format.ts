import { open } from 'node:fs/promises';
import { ImportFileError } from './import-file.error';

export type TableFormat = 'csv' | 'xlsx';

const SNIFF_BYTES = 64 * 1024;

/** The first bytes of a file (up to 64 KiB): enough to tell its format and a CSV's delimiter. */
export async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * XLSX or CSV, by content rather than by name: a file saved as `.csv` by a spreadsheet is still
 * text, and an XLSX is a zip whatever it is called. Anything else is refused with what it looks like.
 */
export function detectFormat(head: Buffer): TableFormat {
  if (head.length === 0) throw new ImportFileError('The file is empty.');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new ImportFileError('This is an old Excel .xls file: save it as .xlsx or CSV and upload that.');
  }
  if (head.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || head.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    throw new ImportFileError('This text is UTF-16: save the CSV as UTF-8 (Excel: "CSV UTF-8").');
  }
  if (head.includes(0)) throw new ImportFileError('This is neither a CSV nor an XLSX file.');
  return 'csv';
}

/**
 * The delimiter of a CSV: comma or semicolon, whichever the header line holds more of outside
 * quotes (spreadsheets in locales with a decimal comma write semicolons). A tie means comma.
 */
export function detectDelimiter(head: Buffer): ',' | ';' {
  const text = head.toString('utf8');
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

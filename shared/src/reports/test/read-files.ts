import ExcelJS from 'exceljs';

// Reading written reports back in tests. shared compiles without DOM or Node typings, and every
// runtime has TextDecoder.
declare const TextDecoder: { new (label?: string, options?: { ignoreBOM?: boolean }): { decode(bytes: Uint8Array): string } };

/** The bytes as UTF-8 text, a byte-order mark kept (so a test can see it). */
export function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

export async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

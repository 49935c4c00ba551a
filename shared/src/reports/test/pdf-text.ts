import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';

// The text a PDF written by pdf.writer.ts shows, page by page, for tests: pdf-lib cannot extract
// text, but our writer draws each cell with one `<hex> Tj` in WinAnsi, so inflating the content
// streams (pdf-lib's own decoder) and reading those strings back is enough.

// WinAnsi 0x80–0x9F (the rest of the byte range is Latin-1).
const WIN_ANSI_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeWinAnsi(hex: string): string {
  let text = '';
  for (let i = 0; i < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    text += byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_HIGH[byte - 0x80]! : String.fromCharCode(byte);
  }
  return text;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}

/** Each page's drawn strings, in drawing order. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents();
    const parts: (PDFObject | undefined)[] = contents instanceof PDFArray ? contents.asArray() : [contents];
    const texts: string[] = [];
    for (const part of parts) {
      const stream = part instanceof PDFRef ? pdf.context.lookup(part) : part;
      if (!(stream instanceof PDFRawStream)) continue;
      const ops = latin1(decodePDFRawStream(stream).decode());
      for (const m of ops.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) texts.push(decodeWinAnsi(m[1]!));
    }
    return texts;
  });
}

/**
 * The first rows of a CSV, split as a spreadsheet would: quoted fields may hold the delimiter,
 * doubled quotes and line breaks. Comma or semicolon, whichever the header holds more of outside
 * quotes (as the server decides). Only the text the preview needs is read, so a large file costs
 * no more than its first rows.
 */
export function csvPreviewRows(text: string, maxRows: number): string[][] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(source);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    // A blank line is no row (the server skips them too).
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  while (i < source.length && rows.length < maxRows) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i += 1;
      endRow();
    } else field += c;
    i += 1;
  }
  if (i >= source.length && rows.length < maxRows && (field !== '' || row.length > 0)) endRow();
  return rows;
}

function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of text.slice(0, 64 * 1024)) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas += 1;
    else if (!quoted && c === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** One row of a spreadsheet as text, numbered as the spreadsheet shows it (the header is row 1). */
export interface TableRow {
  row: number;
  cells: string[];
}

export interface ReadTableOptions {
  /** Bytes of the file read so far, for progress: a streamed file has no row count until its end. */
  onBytes?(bytesRead: number): void;
}

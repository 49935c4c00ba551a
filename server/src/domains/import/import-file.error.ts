/**
 * A problem with the file as a whole (not a spreadsheet, a header without the needed columns, a
 * broken CSV quote): no retry can fix it, so the import ends as failed with this sentence.
 */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  readonly permanent = true;

  constructor(
    message: string,
    /** The row the problem was found on (1 is the header), when there is one. */
    readonly row: number | null = null,
  ) {
    super(message);
  }
}

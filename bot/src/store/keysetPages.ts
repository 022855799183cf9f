/**
 * Every row of a query read in pages along an index, each page one short statement: PGlite has one
 * connection, which the API shares, and one statement over 100,000 rows would hold it for seconds.
 * `page(after)` returns the rows whose key follows `after`, in the index's order; the next page
 * starts after the last row's key as the database ordered it (its collation), whatever JavaScript's.
 */
export async function readInPages<TRow>(page: (after: string) => Promise<TRow[]>, keyOf: (row: TRow) => string): Promise<TRow[]> {
  const rows: TRow[] = [];
  for (let after = ''; ; ) {
    const next = await page(after);
    const last = next.at(-1);
    if (!last) return rows;
    rows.push(...next);
    after = keyOf(last);
  }
}

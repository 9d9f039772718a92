// Owns the arithmetic of a server's pages (offset, limit, total): what is shown and where Previous and Next go.

export interface PageRange {
  /** 1-based first and last row shown; 0 and 0 when there is nothing. */
  first: number;
  last: number;
  total: number;
  previous: number | null;
  next: number | null;
}

export function pageRange(offset: number, limit: number, total: number): PageRange {
  const first = total === 0 || offset >= total ? 0 : offset + 1;
  const last = first === 0 ? 0 : Math.min(offset + limit, total);
  return {
    first,
    last,
    total,
    previous: offset > 0 ? Math.max(0, offset - limit) : null,
    next: offset + limit < total ? offset + limit : null,
  };
}

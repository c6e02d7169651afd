/**
 * HTTP Range (RFC 9110 §14) for one representation of `size` bytes: pure, so the rules are tested
 * without a server. Only single ranges are served; a request for several gets the whole file
 * (RFC 9110 §14.2 lets a server ignore Range), which no browser's media player asks for anyway.
 */
export type RangeAnswer =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  /** malformed, or no byte of it inside the file: 416 with `Content-Range: bytes *\/size` */
  | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'unsatisfiable' };
  const specs = (m[1] as string).split(',').map((s) => s.trim());
  if (specs.length > 1) return specs.every((s) => /^(\d+-\d*|-\d+)$/.test(s)) ? { kind: 'whole' } : { kind: 'unsatisfiable' };
  const spec = specs[0] as string;
  const suffix = /^-(\d+)$/.exec(spec);
  if (suffix) {
    const n = Number(suffix[1]);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const span = /^(\d+)-(\d*)$/.exec(spec);
  if (!span) return { kind: 'unsatisfiable' };
  const start = Number(span[1]);
  const last = span[2] === '' ? size - 1 : Math.min(Number(span[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || last < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: last };
}

/** Whether an If-None-Match header names this ETag (or `*`); weak validators compare equal (RFC 9110 §13.1.2). */
export function matchesETag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/**
 * Content-Disposition with the name twice: an ASCII fallback for old clients, and RFC 5987/6266
 * `filename*` in UTF-8 for the real (often Chinese) name.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', filename: string): string {
  // control characters (a header cannot carry them), lone surrogates (not UTF-8) and path separators become '_'
  const unsafe = (ch: string) => {
    const cp = ch.codePointAt(0) ?? 0;
    return cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || ch === '/' || ch === '\\';
  };
  const clean =
    Array.from(filename, (ch) => (unsafe(ch) ? '_' : ch))
      .join('')
      .trim() || 'file';
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

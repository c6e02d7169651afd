import { cut_for_search } from 'jieba-wasm';

/**
 * Word tokens for a 'simple' tsvector (DESIGN.md: Chinese text search the same on PGlite and
 * PostgreSQL). jieba's search mode also emits the shorter words inside long ones, so "食品经营"
 * is found by 食品 and by 经营.
 */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const t of cut_for_search(text.toLowerCase(), true)) {
    const w = t.trim();
    if (w && !/^[\p{P}\p{S}\s]+$/u.test(w)) tokens.add(w);
  }
  return [...tokens];
}

export function searchText(...parts: (string | null | undefined)[]): string {
  return searchTokens(parts.filter(Boolean).join(' ')).join(' ');
}

/**
 * A tsquery of every word of the query as a prefix (`词:*`), all required: a partly typed word
 * still finds. Tokens are quoted, so user input cannot inject tsquery syntax.
 */
export function prefixQuery(q: string): string | undefined {
  const tokens = searchTokens(q);
  if (tokens.length === 0) return undefined;
  return tokens.map((t) => `'${t.replace(/'/g, "''").replace(/\\/g, '\\\\')}':*`).join(' & ');
}

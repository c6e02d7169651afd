import { createRequire } from 'node:module';

// jieba's dictionary (~17 MiB) is loaded at the first search or publication, not when the server
// starts: an idle server stays small (bench/uploads: RSS during a 2 GB upload, issue 9)
let jieba: typeof import('jieba-wasm') | undefined;
function cutForSearch(text: string): string[] {
  jieba ??= createRequire(import.meta.url)('jieba-wasm') as typeof import('jieba-wasm');
  return jieba.cut_for_search(text, true);
}

/**
 * Word tokens for a 'simple' tsvector (DESIGN.md: Chinese text search the same on PGlite and
 * PostgreSQL). jieba's search mode also emits the shorter words inside long ones, so "食品经营"
 * is found by 食品 and by 经营.
 */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const t of cutForSearch(text.toLowerCase())) {
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

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// ADR 0007, where the types cannot help: the handle one part hands another (`ctx.db`, a
// transaction) is untyped, so a query straight on it would reach every table. Inside a module
// every query starts from the module's own typed handle (`orgDb(db)`, `catalogDb(trx)` …), and
// only the module's db.ts casts. The typecheck fixture cross-module.fixture.ts shows that those
// typed handles refuse other parts' tables.
const src = join(dirname(fileURLToPath(import.meta.url)), '../../src');
const modules = join(src, 'modules');
const platform = join(src, 'platform');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
const rawQuery = /\b(ctx\.db|trx|db|tx)\s*\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(/g;

describe('module boundaries in the sources', () => {
  it('no module queries an untyped store handle: every query goes through its own typed handle', () => {
    const found: string[] = [];
    for (const file of sources(modules)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(rawQuery)) {
        const line = text.slice(0, m.index).split('\n').length;
        found.push(`${relative(modules, file)}:${line} ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('no platform part queries an untyped handle either (platform/db, the store itself, excepted)', () => {
    const found: string[] = [];
    for (const file of sources(platform).filter((f) => !relative(platform, f).startsWith('db/'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(rawQuery))
        found.push(`${relative(platform, file)}:${text.slice(0, m.index).split('\n').length} ${m[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('only a module’s db.ts casts a handle to tables, and only to its own', () => {
    const casts: string[] = [];
    for (const file of sources(modules)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bown<(\w+)>|as (?:unknown as )?(?:Kysely|Transaction)</g)) {
        const where = relative(modules, file);
        const [module, name] = where.split('/');
        const expected = `${(module as string)[0]?.toUpperCase()}${(module as string).slice(1)}Tables`;
        if (name !== 'db.ts' || m[1] !== expected) casts.push(`${where}: ${m[0]}`);
      }
    }
    expect(casts).toEqual([]);
  });
});

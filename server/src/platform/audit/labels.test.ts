import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import '../../modules/cases';
import '../../modules/catalog';
import '../../modules/disclosure';
import '../../modules/org';
import { actionLabel } from './labels';

const src = join(dirname(fileURLToPath(import.meta.url)), '../..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );

describe('audit-log labels', () => {
  it('name every journal action the code writes, in Chinese, each module registering its own (the auditor saw a raw `service_window.create`)', () => {
    const written = new Set<string>();
    for (const file of sources(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)) written.add(m[1] as string);
    }
    expect(written.size).toBeGreaterThan(30);
    const missing = [...written].filter((a) => !actionLabel(a));
    expect(missing).toEqual([]);
    for (const a of written) expect(actionLabel(a)).toMatch(/[\u4e00-\u9fff]/);
  });
});

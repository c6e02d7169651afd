import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Requirement IDs (R-D08 …) belong in code comments and docs, never in what a person reads
 * (issue 7 §9): the workbench's text, the portal's pages, and the messages the API gives users.
 */
const root = join(import.meta.dirname, '..', '..');
const ruleId = /R-[A-Z]\d{2}/;

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, keep);
    return keep(path) ? [path] : [];
  });
}

/** The file with its comments blanked out (line numbers kept). */
function withoutComments(text: string): string[] {
  const blanked = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  return blanked.split('\n').map((line) => line.replace(/(^|[^:'"`])\/\/.*$/, '$1'));
}

function offending(paths: string[], lineFilter: (line: string) => boolean = () => true): string[] {
  return paths.flatMap((path) =>
    withoutComments(readFileSync(path, 'utf8')).flatMap((line, i) =>
      ruleId.test(line) && lineFilter(line) ? [`${relative(root, path)}:${i + 1}: ${line.trim()}`] : [],
    ),
  );
}

describe('no requirement IDs in user-facing text', () => {
  it('the workbench (web/src)', () => {
    const web = files(join(root, 'web', 'src'), (p) => /\.tsx?$/.test(p) && !p.endsWith('openapi.gen.ts'));
    expect(offending(web)).toEqual([]);
  });

  it('the portal pages (server/src/portal)', () => {
    const portal = files(join(root, 'server', 'src', 'portal'), (p) => p.endsWith('.ts') && !p.endsWith('.test.ts'));
    // the sections table names each section's rule for the code; it is not rendered
    expect(offending(portal, (line) => !/\brule: 'R-/.test(line))).toEqual([]);
  });

  it('messages and reasons the API gives users (server/src/modules)', () => {
    const modules = files(join(root, 'server', 'src', 'modules'), (p) => p.endsWith('.ts') && !p.endsWith('.test.ts'));
    // OpenAPI summaries and descriptions are documentation for developers, not messages
    const userFacing = (line: string) =>
      /(AppError|invalid|forbidden|conflict|notFound)\(|reason:|message:|return '/.test(line) && !/summary:|description:/.test(line);
    expect(offending(modules, userFacing)).toEqual([]);
  });
});

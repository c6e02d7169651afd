import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** where harness.ts keeps the run's demo templates (stopped DATA_DIRs each file copies) */
    demoTemplates: string;
  }
}

/**
 * One folder per e2e run for the demo templates (harness.ts, demoTemplate): the first file that asks
 * for a demo builds it there with `sanxiang demo`, the later ones start from a copy. Playing the ~70
 * demo cases through the engine takes a minute and a half on CI; three files did it each. The
 * template is built lazily, so a run of files that need none (or one file) costs nothing extra.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'sanxiang-e2e-templates-'));
  project.provide('demoTemplates', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineIndependent, postgresOnly } from './engine-independent';

// What would make a file's result depend on the engine of the pass: a store, the app on one, or
// the pass's DATABASE_URL handed to a child process.
const storeMarkers = /buildTestApp|openTestStore|openStore|freshDatabase|buildCase|DATABASE_URL|testEngine|startServerProcess|runCli/;

describe('the files left out of the PostgreSQL pass (vitest.config.ts)', () => {
  for (const [file, why] of Object.entries(engineIndependent)) {
    it(`${file}: ${why}`, () => {
      expect(existsSync(file), `${file} is listed but gone`).toBe(true);
      const text = readFileSync(file, 'utf8');
      if (why === 'no store') expect(text.match(storeMarkers)?.[0] ?? null).toBeNull();
      else {
        // every process and store it starts has DATABASE_URL unset or empty
        expect(text).toMatch(/DATABASE_URL: (undefined|'')/);
        expect(text).not.toMatch(/process\.env\.DATABASE_URL|openTestStore|buildTestApp|freshDatabase/);
      }
    });
  }
});

describe('the files left out of the PGlite pass (vitest.config.ts)', () => {
  for (const [file, why] of Object.entries(postgresOnly)) {
    it(`${file}: ${why}`, () => {
      expect(existsSync(file), `${file} is listed but gone`).toBe(true);
      // its database is made next to the pass's DATABASE_URL, so the PostgreSQL pass runs it
      expect(readFileSync(file, 'utf8')).toMatch(/freshDatabase\(base\)/);
    });
  }
});

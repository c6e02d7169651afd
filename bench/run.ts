import { benchBackup } from './backup';
import { benchCaseFile } from './case-file';
import { benchCases } from './cases';
import { benchJournal } from './journal';
import { benchPortal } from './portal';
import { benchProcesses } from './processes';
import { benchProofs } from './proofs';
import { benchRevisions } from './revisions';
import { benchUploads } from './uploads';

/** `npm run bench -- <name> [options]`: runs one benchmark; they print figures, never assert. */
const benches: Record<string, (argv: string[]) => Promise<void>> = {
  backup: benchBackup,
  cases: benchCases,
  'case-file': benchCaseFile,
  journal: benchJournal,
  portal: benchPortal,
  processes: benchProcesses,
  proofs: benchProofs,
  revisions: benchRevisions,
  uploads: benchUploads,
};

const [name, ...rest] = process.argv.slice(2);
const bench = name ? benches[name] : undefined;
if (!bench) {
  console.error(`用法：npm run bench -- <${Object.keys(benches).join('|')}> [选项]`);
  process.exitCode = 2;
} else {
  await bench(rest);
}

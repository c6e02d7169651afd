import type { HashAlgorithm } from '../../../platform/config';
import type { CatalogueEntry } from './binding';

/** The name and version of the format (docs/case-file.md); a verifier refuses any other. */
export const caseFileFormat = 'sanxiang-case-file';
export const caseFileFormatVersion = 1;

/** Fixed paths inside the .zip (docs/case-file.md). */
export const zipPaths = {
  manifest: 'manifest.json',
  entries: 'journal/entries.jsonl',
  checkpoint: 'checkpoint.json',
  publicKey: 'public-key.pem',
} as const;

/**
 * manifest.json: fixed when the case is archived (stored verbatim in case_archive.manifest, its
 * hash in the `case.archive` journal entry), so a signed checkpoint pins it and through it every
 * file's hash. Personal data as the case record shows it: ID numbers masked (R-D02).
 */
export interface CaseFileManifest {
  format: typeof caseFileFormat;
  formatVersion: typeof caseFileFormatVersion;
  /** of the files and of the manifest itself; the journal names its own in each checkpoint */
  hashAlgorithm: HashAlgorithm;
  case: {
    id: string;
    number: string | null;
    title: string;
    procedure: { code: string; version: number; label: string };
    state: string;
    stateLabel: string;
    openedOn: string;
    filedOn: string | null;
    closedOn: string | null;
  };
  agency: { id: string; name: string };
  parties: { kind: string; name: string; idNumberMasked: string | null; uscc: string | null }[];
  officers: { officerId: string; name: string }[];
  archivedAt: string;
  archivedBy: string;
  catalogue: CatalogueEntry[];
  /** the case's journal entries before archiving; entries.jsonl holds each, and the archive entry after them */
  journal: { path: typeof zipPaths.entries; seqs: number[] };
}

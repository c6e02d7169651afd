/**
 * The personal-data detector (DESIGN.md "one of each"; issue 6 §4): what of a text is a person's
 * ID number, mobile number, bank card number, or an ID number or phone the platform holds for a
 * person. It runs on every field of every publication (`publishList`) and on every free-text field
 * of every list when it is saved; post-decision redaction reuses it, so it is pure: no clock, no
 * database, the known values are an argument.
 *
 * R-D02, R-D13: 公民身份号码 and a person's phone are never published. Shapes recognised:
 * - ID number (GB 11643-1999): 18 characters, a real birth date (1900–2099) and the right check
 *   character (X allowed); or the old 15-digit form with a real birth date (yymmdd). An 18-digit
 *   string that fails the check or the date is not one, so an all-digit USCC (GB 32100) passes.
 * - mobile number: 11 digits 1[3-9]…, optionally after +86, written whole or in the usual groups
 *   (138 1234 5678, 138-1234-5678, 138 12345678, 1381234 5678).
 * - bank card: 16–19 digits passing the Luhn check, whole or in groups of four (6222 0212 3456
 *   7890 123); issuer digit 3–6 or 9, so dates, serial numbers and 2xxx codes do not trip it.
 * - a known value: an ID number or phone of a person recorded in the platform, however grouped.
 *
 * A number glued to letters (MKT-02 is fine, SC13812345678 is a licence number) is not read, nor is
 * a digit run inside a longer one; landlines (0999-88000102), hotlines (12345), amounts, dates,
 * law articles and case numbers (西未市监罚〔2025〕12号) are none of the above.
 */

export type PersonalDataKind = 'id_number' | 'mobile' | 'bank_card' | 'phone';

/** Chinese reason per kind, as shown after a field's label (“咨询电话含有个人手机号码”). */
export const personalDataMessages: Record<PersonalDataKind, string> = {
  id_number: '含有公民身份号码',
  mobile: '含有个人手机号码',
  bank_card: '含有银行卡号',
  phone: '含有个人电话号码',
};

/** ID numbers and phones recorded for persons in the platform (officer.id_number, …), passed by the caller. */
export interface KnownPersonalData {
  idNumbers?: Iterable<string>;
  phones?: Iterable<string>;
}

export interface PersonalDataHit {
  kind: PersonalDataKind;
  /** Chinese, e.g. 含有公民身份号码 */
  message: string;
  /** the hit is a value recorded for a person in the platform */
  known: boolean;
  /** UTF-16 offsets of the number in the text (from its first digit to its last character), for redaction */
  start: number;
  end: number;
}

export interface PersonalDataFieldHit {
  /** dotted path of the string within the object: `levels.0.conditions`, `serviceGuide.咨询电话` */
  field: string;
  kind: PersonalDataKind;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Checks of a digit string

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idChecks = '10X98765432';

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** GB 11643: 17 digits, a check character, a birth date between 1900 and 2099. */
export function isIdNumber(value: string): boolean {
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(value)) return false;
  const y = Number(value.slice(6, 10));
  if (y < 1900 || y > 2099 || !realDate(y, Number(value.slice(10, 12)), Number(value.slice(12, 14)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (idWeights[i] as number);
  return idChecks[sum % 11] === value[17];
}

/** The 15-digit ID number of before 1999: 6-digit region, birth date yymmdd (19yy), 3-digit sequence. */
export function isOldIdNumber(value: string): boolean {
  return (
    /^[1-9][0-9]{14}$/.test(value) && realDate(1900 + Number(value.slice(6, 8)), Number(value.slice(8, 10)), Number(value.slice(10, 12)))
  );
}

export const isMobile = (digits: string) => /^1[3-9][0-9]{9}$/.test(digits);

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 === 0;
}

const usccChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check of an 18-character code: a 统一社会信用代码 may be all digits (91…, 52…). */
export function isUscc(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += usccChars.indexOf(value[i] as string) * (usccWeights[i] as number);
  return usccChars[(31 - (sum % 31)) % 31] === value[17];
}

/** 16–19 digits, Luhn; not an 18-digit USCC (an all-digit one passes Luhn once in ten). */
export const isBankCard = (digits: string) =>
  /^[3-69][0-9]{15,18}$/.test(digits) && luhn(digits) && !(digits.length === 18 && isUscc(digits));

// ---------------------------------------------------------------------------------------------
// Reading numbers out of text

/** Full-width digits and X read as ASCII (same length, so offsets hold). */
const asciiDigits = (text: string) =>
  text.replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) =>
    c === '\uFF38' || c === '\uFF58' ? 'X' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48),
  );

/** What may stand between two digit groups of one number: spaces, or a hyphen with optional spaces. */
const groupGap = /^(?:[ \u00A0\u3000]{1,2}|[ ]?[-\u2010\u2011\uFF0D][ ]?)$/;
const letter = /[A-Za-z]/;

interface Group {
  digits: string;
  start: number;
  end: number;
}

/** Runs of digit groups that may form one number: maximal digit runs joined by a `groupGap`. */
function digitRuns(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  for (const m of text.matchAll(/[0-9]+/g)) {
    const g = { digits: m[0], start: m.index, end: m.index + m[0].length };
    const last = run[run.length - 1];
    if (last && groupGap.test(text.slice(last.end, g.start))) run.push(g);
    else {
      if (run.length) runs.push(run);
      run = [g];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

const sameShape = (sizes: number[], ...shapes: number[][]) =>
  shapes.some((s) => s.length === sizes.length && s.every((n, i) => n === sizes[i]));

/** Groups of four, the last of 1–4 (6222 0212 3456 7890 123). */
const inFours = (sizes: number[]) => sizes.length > 1 && sizes.every((n, i) => (i < sizes.length - 1 ? n === 4 : n >= 1 && n <= 4));

const normaliseKnown = (v: string) => v.toUpperCase().replace(/[^0-9X]/g, '');

interface KnownSets {
  idNumbers: Set<string>;
  phones: Set<string>;
}

const noneKnown: KnownSets = { idNumbers: new Set(), phones: new Set() };
/** Normalised once per `known` object: a publication scans thousands of strings against the same set. */
const knownCache = new WeakMap<KnownPersonalData, KnownSets>();

function knownSets(known: KnownPersonalData | undefined): KnownSets {
  if (!known) return noneKnown;
  let sets = knownCache.get(known);
  if (!sets) {
    const set = (values: Iterable<string> | undefined) => new Set([...(values ?? [])].map(normaliseKnown).filter((v) => v.length >= 7));
    sets = { idNumbers: set(known.idNumbers), phones: set(known.phones) };
    knownCache.set(known, sets);
  }
  return sets;
}

/** What the digits of groups i..j are, with an optional check character X glued after the last group. */
function classify(digits: string, sizes: number[], withX: boolean, known: KnownSets): { kind: PersonalDataKind; known: boolean } | null {
  const value = withX ? `${digits}X` : digits;
  if (known.idNumbers.has(value)) return { kind: 'id_number', known: true };
  if (known.phones.has(value)) return { kind: 'phone', known: true };
  if (withX)
    return value.length === 18 && sameShape(sizes, [17], [6, 8, 3]) && isIdNumber(value) ? { kind: 'id_number', known: false } : null;
  if (digits.length === 18 && sameShape(sizes, [18], [6, 8, 4]) && isIdNumber(digits)) return { kind: 'id_number', known: false };
  if (digits.length === 15 && sameShape(sizes, [15], [6, 6, 3]) && isOldIdNumber(digits)) return { kind: 'id_number', known: false };
  if (isMobile(digits) && sameShape(sizes, [11], [3, 4, 4], [3, 8], [7, 4])) return { kind: 'mobile', known: false };
  // +86 / 0086 written without a gap: 8613812345678
  if (sizes.length === 1 && /^(?:00)?86/.test(digits) && isMobile(digits.replace(/^(?:00)?86/, '')))
    return { kind: 'mobile', known: false };
  if ((sizes.length === 1 || inFours(sizes)) && isBankCard(digits)) return { kind: 'bank_card', known: false };
  return null;
}

/**
 * Every personal number in a text, in order, none overlapping (a longer hit wins over one inside
 * it). For redaction: replace `text.slice(start, end)` of each.
 */
export function findAllPersonalData(text: string, known?: KnownPersonalData): PersonalDataHit[] {
  const normal = asciiDigits(text);
  const sets = knownSets(known);
  const hits: PersonalDataHit[] = [];
  for (const run of digitRuns(normal)) {
    for (let i = 0; i < run.length; i++) {
      const first = run[i] as Group;
      if (letter.test(normal[first.start - 1] ?? '')) continue;
      let digits = '';
      const sizes: number[] = [];
      for (let j = i; j < run.length; j++) {
        const g = run[j] as Group;
        digits += g.digits;
        sizes.push(g.digits.length);
        if (digits.length > 19) break;
        const after = normal[g.end] ?? '';
        const withX = after === 'X' || after === 'x';
        const glued = withX ? /[0-9A-Za-z]/.test(normal[g.end + 1] ?? '') : letter.test(after);
        if (glued) continue;
        const found = classify(digits, sizes, withX, sets);
        if (found) hits.push({ ...found, message: personalDataMessages[found.kind], start: first.start, end: g.end + (withX ? 1 : 0) });
      }
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PersonalDataHit[] = [];
  for (const h of hits) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) continue;
    kept.push(h);
  }
  return kept;
}

/**
 * Every digit string of a value (recursively) that could equal a known ID number or phone: each
 * run of 7–19 digits as grouped in the text, with a trailing X. Lets a caller look up only these
 * among the recorded values instead of loading them all.
 */
export function knownValueCandidates(value: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      const normal = asciiDigits(v);
      for (const run of digitRuns(normal))
        for (let i = 0; i < run.length; i++) {
          let digits = '';
          for (let j = i; j < run.length && digits.length <= 19; j++) {
            const g = run[j] as Group;
            digits += g.digits;
            if (digits.length < 7 || digits.length > 19) continue;
            out.add(digits);
            if (/[Xx]/.test(normal[g.end] ?? '')) out.add(`${digits}X`);
          }
        }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v as Record<string, unknown>).forEach(walk);
  };
  walk(value);
  return [...out];
}

/** The first personal number in a text, or null when there is none. */
export function findPersonalData(text: string, known?: KnownPersonalData): PersonalDataHit | null {
  return findAllPersonalData(text, known)[0] ?? null;
}

export interface ScanOptions {
  /** field paths (or their last segment) not to read, e.g. `idNumber` in an officer's own record */
  skip?: readonly string[];
}

/**
 * Every string of a value (objects and arrays, recursively) that holds personal data, with its
 * dotted field path. The matched digits are never part of the answer, so it can be journaled.
 */
export function findPersonalDataInFields(value: unknown, known?: KnownPersonalData, options: ScanOptions = {}): PersonalDataFieldHit[] {
  const out: PersonalDataFieldHit[] = [];
  const skip = new Set(options.skip ?? []);
  const walk = (v: unknown, path: string, key: string) => {
    if (path && (skip.has(path) || skip.has(key))) return;
    if (typeof v === 'string') {
      const hit = findPersonalData(v, known);
      if (hit) out.push({ field: path, kind: hit.kind, message: hit.message });
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, path ? `${path}.${i}` : String(i), String(i));
    } else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, path ? `${path}.${k}` : k, k);
  };
  walk(value, '', '');
  return out;
}

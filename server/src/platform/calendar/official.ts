import { createRequire } from 'node:module';
import type { LegalDate, OfficialCalendar } from './rules';

/**
 * The official schedule from `chinese-days` (State Council notices on holidays and 调休, 2004
 * onwards), read from the package's published `dist/chinese-days.json`: `holidays` are days off,
 * `workdays` are the weekend days worked; values look like `Spring Festival,春节,4`.
 */
interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);

// The notices say 清明节、端午节、中秋节; the package shortens some names.
const formalNames: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

function chineseName(value: string): string {
  const parts = value.split(',');
  const zh = (parts.length >= 2 ? parts[parts.length - 2] : parts[0])?.trim() ?? '';
  return formalNames[zh] ?? zh;
}

export function parseChineseDays(json: ChineseDaysJson, source: string): OfficialCalendar {
  const days = new Map<LegalDate, { working: boolean; name: string }>();
  const years = new Set<number>();
  for (const [date, value] of Object.entries(json.holidays)) {
    days.set(date, { working: false, name: chineseName(value) });
    years.add(Number(date.slice(0, 4)));
  }
  for (const [date, value] of Object.entries(json.workdays)) {
    days.set(date, { working: true, name: chineseName(value) });
    years.add(Number(date.slice(0, 4)));
  }
  return { days, years, source };
}

let cached: OfficialCalendar | undefined;

/** The installed package's schedule, read once per process. */
export function officialCalendar(): OfficialCalendar {
  if (!cached) {
    const json = require('chinese-days/dist/chinese-days.json') as ChineseDaysJson;
    const { version } = require('chinese-days/package.json') as { version: string };
    cached = parseChineseDays(json, `chinese-days ${version}`);
  }
  return cached;
}

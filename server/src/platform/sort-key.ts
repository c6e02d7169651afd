import { pinyin } from 'pinyin-pro';

/**
 * The key Chinese names sort by (issue 7 §9): 阿 < 李 < 王 < 张, as in a phone book, instead of by
 * code point. Computed in code with pinyin-pro, so PGlite and PostgreSQL order alike; stored in a
 * `name_sort_key` column compared byte-wise (collate "C", migration 0016).
 *
 * The key is the syllables with tone numbers ("li3 na4"), then a tab and the name itself: a name
 * that is a prefix sorts first (tab < space), and two names that read the same still get a fixed
 * order. `person` reads a leading surname as a surname (单 shàn, 曾 zēng).
 */
export function nameSortKey(name: string, options: { person?: boolean } = {}): string {
  const syllables = pinyin(name.normalize('NFC'), {
    toneType: 'num',
    type: 'array',
    nonZh: 'consecutive',
    ...(options.person ? { surname: 'head' as const } : {}),
  });
  return `${syllables
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .join(' ')}\t${name}`;
}

import type { CaseFileItem, CaseFileSection } from '../case-file-items';

/**
 * The binding order of a case file (案卷装订顺序, R-C08), as data. It follows the order the case-file
 * evaluations (行政执法案卷评查) check a penalty file in: 立案 → 调查取证 → 告知、陈述申辩、听证 →
 * 法制审核、集体讨论 → 决定 → 送达 → 执行 → 结案. A record goes to the first group one of whose
 * keywords its kind or title contains (the specific rules come first: 查封扣押决定书 is an
 * investigation measure, not the decision); evidence and AV records are investigation material
 * unless a rule says otherwise; anything unmatched is bound last under 其他材料.
 * Within a group, records go by date, then in the order their part answered them.
 */
export interface BindingGroup {
  code: string;
  label: string;
  /** substrings of a record's kind or title that put it here */
  keywords: readonly string[];
  /** sections that belong here whatever their title (evidence → investigation) */
  sections?: readonly CaseFileSection[];
}

export const bindingOrder: readonly BindingGroup[] = [
  { code: 'filing', label: '立案', keywords: ['立案', '案源', '受理', 'filing', 'case_source'] },
  {
    code: 'investigation',
    label: '调查取证',
    keywords: [
      '现场检查笔录',
      '询问笔录',
      '勘验',
      '查封',
      '扣押',
      '解除决定书',
      '责令改正',
      '证据',
      'inspection_record',
      'inquiry',
      'seizure',
      'release',
    ],
    sections: ['evidence', 'av_records'],
  },
  { code: 'notice', label: '告知、陈述申辩、听证', keywords: ['告知', '陈述', '申辩', '听证', 'notice', 'hearing'] },
  { code: 'review', label: '法制审核、集体讨论', keywords: ['法制审核', '集体讨论', 'review', 'discussion'] },
  { code: 'decision', label: '决定', keywords: ['决定书', 'decision'] },
  { code: 'service', label: '送达', keywords: ['送达', 'service'] },
  { code: 'execution', label: '执行', keywords: ['执行', '缴款', '罚没', '催告', 'execution', 'payment'] },
  { code: 'closing', label: '结案', keywords: ['结案', '移送', 'closing', 'transfer'] },
  { code: 'other', label: '其他材料', keywords: [] },
];

/** The group a record is bound in (pure; see bindingOrder). */
export function groupOf(item: Pick<CaseFileItem, 'section' | 'kind' | 'title'>): BindingGroup {
  const text = `${item.kind} ${item.title}`;
  // documents are placed by their instrument; evidence by its section first (a 书证 titled 决定书 is still evidence)
  if (item.section !== 'documents') {
    const bySection = bindingOrder.find((g) => g.sections?.includes(item.section));
    if (bySection) return bySection;
  }
  return bindingOrder.find((g) => g.keywords.some((k) => text.includes(k))) ?? (bindingOrder.at(-1) as BindingGroup);
}

export interface CatalogueEntry {
  /** 1..n without gaps, in binding order */
  seq: number;
  group: string;
  groupLabel: string;
  section: CaseFileSection;
  recordId: string;
  title: string;
  date: string;
  kind: string;
  /** where the file is inside the .zip */
  path: string;
  hashAlgorithm: string;
  hash: string;
  size: number;
  mimeType: string;
  metadata: Record<string, unknown>;
  withdrawn: { at: string; by: string; reason: string } | null;
}

/** A name safe in a zip on every system: no directories, no control or reserved characters. */
export function safeFilename(name: string): string {
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '_')
    .trim();
  return (cleaned || 'file').slice(0, 120);
}

/**
 * The catalogue (卷内目录): every record in binding order with contiguous seq 1..n and its path in
 * the export (`files/<seq, 3 digits>-<filename>`). Pure: the same records give the same catalogue.
 */
export function buildCatalogue(items: readonly CaseFileItem[], hashAlgorithm: string): CatalogueEntry[] {
  const rank = new Map(bindingOrder.map((g, i) => [g.code, i]));
  const placed = items.map((item, i) => ({ item, group: groupOf(item), i }));
  placed.sort(
    (a, b) => (rank.get(a.group.code) ?? 0) - (rank.get(b.group.code) ?? 0) || a.item.date.localeCompare(b.item.date) || a.i - b.i,
  );
  return placed.map(({ item, group }, i) => {
    const seq = i + 1;
    return {
      seq,
      group: group.code,
      groupLabel: group.label,
      section: item.section,
      recordId: item.recordId,
      title: item.title,
      date: item.date,
      kind: item.kind,
      path: `files/${String(seq).padStart(3, '0')}-${safeFilename(item.filename)}`,
      hashAlgorithm,
      hash: item.blobHash,
      size: item.size,
      mimeType: item.mimeType,
      metadata: item.metadata,
      withdrawn: item.withdrawn,
    };
  });
}

/** The problem with a catalogue's numbering, or null: seq must run 1..n without gaps (R-C08). */
export function sequenceProblem(seqs: readonly number[]): string | null {
  for (const [i, s] of seqs.entries()) if (s !== i + 1) return `卷内目录序号不连续：第 ${i + 1} 项的序号为 ${s}`;
  return null;
}

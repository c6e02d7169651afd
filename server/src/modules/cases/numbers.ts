/**
 * Case numbers (R-C08), pure: the jurisdiction's format (setting `cases.number_format`) filled with
 * the agency's short name, the procedure's category character, the year and the sequence.
 */

/** Common agency names shortened as case numbers print them (e.g. 市场监督管理局 → 市监). */
const shortForms: [RegExp, string][] = [
  [/市场监督管理局$/, '市监'],
  [/城市管理(和|与)?综合执法局$/, '城管'],
  [/城市管理局$/, '城管'],
  [/综合行政执法局$/, '综执'],
  [/生态环境(分)?局$/, '环'],
  [/应急管理局$/, '应急'],
  [/文化和旅游局$/, '文旅'],
  [/文化旅游局$/, '文旅'],
  [/司法局$/, '司'],
  [/局$/, ''],
];

export function agencyShortName(name: string): string {
  for (const [re, short] of shortForms) if (re.test(name)) return name.replace(re, short);
  return name;
}

export function formatCaseNumber(format: string, parts: { agency: string; category: string; year: number; seq: number }): string {
  return format
    .replaceAll('{agency}', parts.agency)
    .replaceAll('{category}', parts.category)
    .replaceAll('{year}', String(parts.year))
    .replaceAll('{seq}', String(parts.seq));
}

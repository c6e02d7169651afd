import { type LegalBasisText, legalBasisCitation, type PublishedEntry } from '../modules/disclosure';
import { type Html, type HtmlValue, html } from './html';

/** How a kind's entries are shown: table columns (label + cell), reused for past versions. */
interface Column {
  label: string;
  cell: (c: Record<string, unknown>, e: PublishedEntry) => HtmlValue;
}

const s = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(s).join('、') : '');
const bases = (v: unknown) => {
  const arr = (Array.isArray(v) ? v : []) as LegalBasisText[];
  return arr.length === 1
    ? legalBasisCitation(arr[0] as LegalBasisText)
    : html`<ul class="plain">${arr.map((b) => html`<li>${legalBasisCitation(b)}</li>`)}</ul>`;
};
const statusClass: Record<string, string> = { green: 's-green', yellow: 's-yellow', red: 's-red', revoked: 's-revoked' };
const badge = (status: unknown, label: unknown) =>
  html`<span class="badge ${statusClass[s(status)] ?? 's-revoked'}">${s(label) || s(status)}</span>`;
const itemLink = (c: Record<string, unknown>) => html`<a href="/portal/items/${encodeURIComponent(s(c.code))}">${s(c.name)}</a>`;
const fine = (min: unknown, max: unknown, unit: string) => (min === null && max === null ? '' : `${min ?? '—'} ～ ${max ?? '—'} ${unit}`);

export const columns: Record<string, Column[]> = {
  agencies: [
    { label: '名称', cell: (c) => c.name as string },
    { label: '主体类别', cell: (c) => c.kindLabel as string },
    { label: '职权依据', cell: (c) => s(c.legalBasis) },
    { label: '执法领域', cell: (c) => list(c.domains) },
    { label: '地址', cell: (c) => s(c.address) },
    { label: '联系电话', cell: (c) => s(c.phone) },
    {
      label: '其他',
      cell: (c) =>
        [
          c.uscc ? `统一社会信用代码 ${s(c.uscc)}` : '',
          c.legalOffice ? `法制机构 ${s(c.legalOffice)}` : '',
          c.parentName ? `上级机关 ${s(c.parentName)}` : '',
          c.entrustingAgencyName ? `委托机关 ${s(c.entrustingAgencyName)}` : '',
        ]
          .filter(Boolean)
          .join('；'),
    },
  ],
  officers: [
    { label: '姓名', cell: (c) => s(c.name) },
    { label: '执法主体', cell: (c) => s(c.agencyName) },
    { label: '执法证号', cell: (c) => s(c.certificateNumber) },
    { label: '执法领域', cell: (c) => list(c.domains) },
    { label: '证件状态', cell: (c) => badge(c.status, c.statusLabel) },
    { label: '有效期至', cell: (c) => s(c.validUntil) },
  ],
  items: [
    { label: '事项编码', cell: (c) => s(c.code) },
    { label: '事项名称', cell: (c) => itemLink(c) },
    { label: '执法类别', cell: (c) => s(c.actCategoryLabel) },
    { label: '实施主体', cell: (c) => s(c.agencyName) },
    { label: '法律依据', cell: (c) => bases(c.legalBases) },
  ],
  three_lists: [
    { label: '清单', cell: (c) => s(c.listLabel) },
    { label: '编码', cell: (c) => s(c.code) },
    { label: '违法行为', cell: (c) => s(c.violation) },
    { label: '适用条件', cell: (c) => s(c.conditions) },
    { label: '处理措施', cell: (c) => s(c.measure) },
    { label: '法律依据', cell: (c) => bases(c.legalBasis) },
    { label: '实施主体', cell: (c) => s(c.agencyName) },
  ],
  review_catalog: [
    { label: '编码', cell: (c) => s(c.code) },
    { label: '名称', cell: (c) => s(c.name) },
    { label: '规则类别', cell: (c) => s(c.kindLabel) },
    { label: '说明', cell: (c) => s(c.description) },
    { label: '适用主体', cell: (c) => s(c.agencyName) || '本辖区各执法主体' },
    { label: '有效期', cell: (c) => `${s(c.effectiveFrom)} 起${c.effectiveTo ? `至 ${s(c.effectiveTo)}` : ''}` },
  ],
  av_duties: [
    { label: '编码', cell: (c) => s(c.code) },
    { label: '执法环节', cell: (c) => s(c.step) },
    { label: '记录要求', cell: (c) => s(c.dutyLabel) },
    { label: '适用主体', cell: (c) => s(c.agencyName) || '本辖区各执法主体' },
    { label: '依据', cell: (c) => s(c.basis) },
  ],
  inspection_items: [
    { label: '编码', cell: (c) => s(c.code) },
    { label: '抽查事项', cell: (c) => s(c.name) },
    { label: '抽查主体', cell: (c) => s(c.agencyName) },
    { label: '抽查依据', cell: (c) => bases(c.basis) },
    { label: '抽查对象', cell: (c) => s(c.target) },
    { label: '抽查内容', cell: (c) => s(c.content) },
    { label: '比例、方式、频次', cell: (c) => `${s(c.ratio)}；${s(c.method)}；${s(c.frequency)}` },
  ],
  // R-D18: one row per window; the board itself is its own page
  service_windows: [
    {
      label: '窗口',
      cell: (c, e) => html`<a href="/portal/service-windows/${encodeURIComponent(e.subjectId)}">${s(c.number)} ${s(c.name)}</a>`,
    },
    { label: '执法主体', cell: (c) => s(c.agencyName) },
    { label: '地点', cell: (c) => [s(c.hall), s(c.floor)].filter(Boolean).join(' ') },
    { label: '办公时间', cell: (c) => s(c.openingHours) },
    {
      label: '工作人员',
      cell: (c) => (Array.isArray(c.staff) ? (c.staff as { name: string; position: string | null }[]).map((p) => p.name).join('、') : ''),
    },
    { label: '办理事项', cell: (c) => (Array.isArray(c.items) ? `${c.items.length} 项` : '') },
  ],
};

/** A table that becomes one card per row on a phone (labels from data-label). */
export function entryTable(kind: string, entries: PublishedEntry[], caption: string): Html {
  const cols = columns[kind];
  if (!cols) return html``;
  return html`<table class="cards-sm">
<caption>${caption}</caption>
<thead><tr>${cols.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>
${entries.map((e) => html`<tr>${cols.map((c) => html`<td data-label="${c.label}">${c.cell(e.content, e)}</td>`)}</tr>\n`)}
</tbody>
</table>`;
}

/** Discretion standards: one section per violation, with its table of circumstance levels (R-D07). */
export function standardsView(entries: PublishedEntry[], headingLevel: 2 | 3 = 2): Html {
  return html`${entries.map((e) => {
    const c = e.content;
    const levels = (Array.isArray(c.levels) ? c.levels : []) as Record<string, unknown>[];
    const heading = html`${s(c.violation)} <span class="muted">${s(c.code)}</span>`;
    return html`<section class="panel" aria-label="${s(c.violation)}">
${headingLevel === 2 ? html`<h2>${heading}</h2>` : html`<h3>${heading}</h3>`}
<dl class="fields">
<dt>实施主体</dt><dd>${s(c.agencyName)}</dd>
${c.itemCode ? html`<dt>对应事项</dt><dd><a href="/portal/items/${encodeURIComponent(s(c.itemCode))}">${s(c.itemCode)}</a></dd>` : ''}
<dt>违法依据</dt><dd>${bases(c.legalBasis)}</dd>
<dt>处罚依据</dt><dd>${bases(c.penaltyBasis)}</dd>
</dl>
<table class="cards-sm">
<caption>裁量阶次</caption>
<thead><tr><th scope="col">阶次</th><th scope="col">适用情形</th><th scope="col">处罚标准</th><th scope="col">罚款幅度</th></tr></thead>
<tbody>
${levels.map(
  (l) =>
    html`<tr><td data-label="阶次">${s(l.level)}</td><td data-label="适用情形">${s(l.conditions)}</td><td data-label="处罚标准">${s(l.penalty)}</td><td data-label="罚款幅度">${[
      fine(l.fineMin, l.fineMax, '元'),
      fine(l.gainsMultipleMin, l.gainsMultipleMax, '倍'),
    ]
      .filter(Boolean)
      .join('；')}</td></tr>\n`,
)}
</tbody>
</table>
</section>`;
  })}`;
}

/** Any kind's entries as they are shown in a list page or a past version. */
export function entriesView(kind: string, entries: PublishedEntry[], caption: string): Html {
  return kind === 'discretion_standards' ? standardsView(entries) : entryTable(kind, entries, caption);
}

/** The flowchart (R-D05): numbered boxes joined by arrows, generated here, no script. */
export function flowchart(steps: { step: string; description: string | null; timeLimit: string | null }[]): Html {
  if (!steps.length) return html`<p class="muted">暂无流程图。</p>`;
  return html`<ol class="flow" aria-label="办理流程，共 ${steps.length} 步">
${steps.map(
  (st) =>
    html`<li><span class="step">${st.step}</span>${st.description ? html`<br>${st.description}` : ''}${
      st.timeLimit ? html`<span class="limit">时限：${st.timeLimit}</span>` : ''
    }<span class="arrow" aria-hidden="true"></span></li>\n`,
)}
</ol>`;
}

export { bases as legalBasesView };

import {
  entriesAtVersion,
  getCurrent,
  getCurrentByCode,
  type KindSummary,
  kindLabels,
  kindSummaries,
  type LegalBasisText,
  legalBasisCitation,
  listCurrent,
  listVersions,
  type PublishedEntry,
} from '../modules/disclosure';
import type { AnyDb } from '../platform/db/tables';
import { type Html, type HtmlValue, html } from './html';
import { beijingDate, beijingTime, page, type Section, sections, siteName } from './layout';
import { entriesView, flowchart } from './lists';

export interface ListParams {
  q?: string | undefined;
  agency?: string | undefined;
  cursor?: string | undefined;
}

const pageSize = 20;
const versionPageCap = 500;

const intro: Record<string, string> = {
  agencies: '本辖区行政执法主体的名称、类别、职权依据、地址和联系电话。',
  officers: '持有行政执法证件的人员：姓名、所属执法主体、执法证号、执法领域和证件状态。',
  items: '各执法主体的行政执法事项：类别、实施主体、法律依据、服务指南和办理流程。',
  discretion_standards: '行政处罚裁量基准：按违法情节分阶次的处罚标准和罚款幅度。',
  three_lists: '不予处罚、从轻处罚、减轻处罚事项清单。',
  review_catalog: '作出哪些执法决定之前必须经过法制审核。',
  av_duties: '哪些执法环节必须进行音像记录，以及记录的要求。',
  inspection_items: '“双随机、一公开”抽查事项：抽查主体、依据、对象、内容、比例、方式和频次。',
  service_windows:
    '政务服务窗口的岗位信息公示牌：工作人员姓名、单位、职务、执法种类、岗位职责，申请材料示范文本，办理进度查询、咨询服务和投诉举报渠道。由各执法机关发布，保存即公示。',
};

async function agencyOptions(db: AnyDb) {
  const { items } = await listCurrent(db, { listKind: 'agencies', limit: 500 });
  return items.map((a) => ({ id: a.subjectId, name: a.label }));
}

export async function homePage(db: AnyDb): Promise<Html> {
  const summaries = new Map((await kindSummaries(db)).map((s) => [s.listKind, s]));
  return page({
    title: siteName,
    crumbs: [],
    body: html`<h1>${siteName}</h1>
<p class="lead">行政执法公示制度（事前公开）：执法主体、人员、事项、裁量基准等清单，经司法局确认后在此公布，每次变更均保留历史版本。</p>
<form class="filters panel" action="/portal/items" method="get" role="search">
<label for="home-q">搜索执法事项<input type="search" id="home-q" name="q" maxlength="100" placeholder="例如：食品经营许可、广告"></label>
<button type="submit">搜索</button>
</form>
<ul class="cards">
${listSections.map((s) => {
  const sum = summaries.get(s.kind);
  return html`<li><h2><a href="/portal/${s.slug}">${kindLabels[s.kind]}</a></h2>
<div><span class="count">${sum?.entryCount ?? 0}</span> 条</div>
<div class="muted">${sum?.lastPublishedAt ? `最近发布：${beijingDate(sum.lastPublishedAt)}` : '尚未发布'}</div>
<div class="muted"><a href="/portal/history/${s.slug}">历史版本</a></div></li>\n`;
})}
</ul>
${windowsCard(summaries.get('service_windows'))}`,
  });
}

/** The prior-disclosure lists are the home page's cards; the window boards (R-D18, 事中公示) get their own panel. */
const listSections = sections.filter((s) => s.kind !== 'service_windows');

function windowsCard(sum: KindSummary | undefined): Html {
  return html`<section class="panel windows-card" aria-labelledby="windows-h">
<h2 id="windows-h"><a href="/portal/service-windows">${kindLabels.service_windows}</a></h2>
<p>政务服务窗口的工作人员、岗位职责、申请材料示范文本、办理进度查询、咨询和投诉举报渠道。当前公示 <span class="count">${sum?.entryCount ?? 0}</span> 块${
    sum?.lastPublishedAt ? `，最近发布：${beijingDate(sum.lastPublishedAt)}` : ''
  }。</p>
</section>`;
}

function pager(base: string, params: ListParams, nextCursor: string | null): Html {
  const keep = new URLSearchParams();
  if (params.q) keep.set('q', params.q);
  if (params.agency) keep.set('agency', params.agency);
  const first = keep.toString();
  const next = new URLSearchParams(keep);
  if (nextCursor) next.set('cursor', nextCursor);
  return html`<nav class="pager" aria-label="分页">
${params.cursor ? html`<a href="${base}${first ? `?${first}` : ''}">回到第一页</a>` : ''}
${nextCursor ? html`<a href="${base}?${next.toString()}" rel="next">下一页</a>` : ''}
</nav>`;
}

function downloads(section: Section, params: ListParams): Html {
  const p = new URLSearchParams();
  if (params.q) p.set('q', params.q);
  if (params.agency) p.set('agencyId', params.agency);
  const csv = new URLSearchParams(p);
  csv.set('format', 'csv');
  csv.set('limit', '500');
  return html`<p class="downloads muted">开放数据：<a href="/api/v1/public/${section.slug}?${csv.toString()}">下载 CSV</a> ·
<a href="/api/v1/public/${section.slug}${p.size ? `?${p.toString()}` : ''}">JSON</a> ·
<a href="/portal/history/${section.slug}">历史版本</a></p>`;
}

export async function listPage(db: AnyDb, section: Section, params: ListParams): Promise<Html> {
  const filterable = section.kind !== 'agencies';
  const [agencies, result] = await Promise.all([
    filterable ? agencyOptions(db) : Promise.resolve([]),
    listCurrent(db, {
      listKind: section.kind,
      q: params.q,
      agencyId: filterable ? params.agency : undefined,
      cursor: params.cursor,
      limit: section.kind === 'discretion_standards' ? 10 : pageSize,
    }),
  ]);
  const title = kindLabels[section.kind] ?? section.title;
  const label = section.kind === 'officers' ? '姓名或关键词' : '关键词';
  const form: HtmlValue = html`<form class="filters panel" action="/portal/${section.slug}" method="get" role="search" aria-label="筛选">
<label for="q">${label}<input type="search" id="q" name="q" maxlength="100" value="${params.q ?? ''}"></label>
${
  filterable && agencies.length
    ? html`<label for="agency">执法主体<select id="agency" name="agency"><option value="">全部</option>${agencies.map(
        (a) => html`<option value="${a.id}"${a.id === params.agency ? html` selected` : ''}>${a.name}</option>`,
      )}</select></label>`
    : ''
}
<button type="submit">查询</button>
</form>`;
  const summary = params.q || params.agency ? '符合条件的条目' : '当前公示的条目';
  const body = html`<h1>${title}</h1>
<p class="lead">${intro[section.kind] ?? ''}</p>
${form}
${downloads(section, params)}
${
  result.items.length
    ? entriesView(section.kind, result.items, `${summary}（本页 ${result.items.length} 条）`)
    : html`<p class="panel">${params.q || params.agency ? '没有符合条件的条目，请换一个关键词或执法主体。' : '暂无公示的条目。'}</p>`
}
${pager(`/portal/${section.slug}`, params, result.nextCursor)}`;
  return page({ title: params.q ? `${title}：${params.q}` : title, crumbs: [{ label: title }], current: section.slug, body });
}

export async function itemPage(db: AnyDb, code: string): Promise<Html | undefined> {
  const entry = await getCurrentByCode(db, 'items', code);
  if (!entry) return undefined;
  const c = entry.content;
  const legalBases = (c.legalBases ?? []) as LegalBasisText[];
  const guide = (c.serviceGuide ?? null) as Record<string, string> | null;
  const steps = (c.flowchart ?? []) as { step: string; description: string | null; timeLimit: string | null }[];
  const name = String(c.name);
  const body = html`<h1>${name}</h1>
<dl class="fields panel">
<dt>事项编码</dt><dd>${String(c.code)}</dd>
<dt>执法类别</dt><dd>${String(c.actCategoryLabel)}</dd>
<dt>实施主体</dt><dd>${String(c.agencyName)}</dd>
${c.duties ? html`<dt>职责权限</dt><dd>${String(c.duties)}</dd>` : ''}
<dt>事项版本</dt><dd>第 ${String(c.version)} 版</dd>
</dl>
<h2 id="bases">法律依据</h2>
${
  legalBases.length
    ? html`<ul>${legalBases.map(
        (b) => html`<li><strong>${legalBasisCitation(b)}</strong>${b.text ? html`<blockquote>${b.text}</blockquote>` : ''}</li>`,
      )}</ul>`
    : html`<p class="muted">未列明。</p>`
}
<h2 id="guide">服务指南</h2>
${
  guide && Object.keys(guide).length
    ? html`<dl class="fields panel">${Object.entries(guide).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`
    : html`<p class="muted">暂无服务指南。</p>`
}
<h2 id="flow">办理流程图</h2>
${flowchart(steps)}
<p class="downloads muted"><a href="/api/v1/public/items/${encodeURIComponent(String(c.code))}">本事项的开放数据（JSON）</a> · <a href="/portal/history/items">执法事项清单历史版本</a></p>`;
  return page({
    title: name,
    crumbs: [{ label: kindLabels.items ?? '执法事项', href: '/portal/items' }, { label: name }],
    current: 'items',
    body,
  });
}

interface BoardStaff {
  name: string;
  unit: string;
  position: string | null;
  enforcementCategories: string[];
  duties: string;
}
interface BoardMaterial {
  title: string;
  text: string;
  itemCodes: string[];
}

/**
 * The post information board of one service window (岗位信息公示牌, R-D18): printable on A4, the
 * fields in the order the rule names them: 姓名、单位、职务、执法种类、岗位职责、申请材料示范文本、
 * 办理进度查询、咨询服务、投诉举报.
 */
export async function windowBoardPage(db: AnyDb, id: string): Promise<Html | undefined> {
  const entry = await getCurrent(db, 'service_windows', id);
  if (!entry) return undefined;
  const c = entry.content;
  const staff = (c.staff ?? []) as BoardStaff[];
  const items = (c.items ?? []) as { code: string; name: string }[];
  const materials = (c.materials ?? []) as BoardMaterial[];
  const title = `${String(c.number)} ${String(c.name)}`;
  const versions = await listVersions(db, { listKey: entry.listKey, limit: 1 });
  const publishedAt = versions[0]?.publishedAt;
  const body = html`<article class="board" aria-labelledby="board-title">
<header class="board-head">
<p class="board-kind">岗位信息公示牌</p>
<p class="board-agency">${String(c.agencyName)}</p>
<h1 id="board-title"><span class="board-number">${String(c.number)}</span> ${String(c.name)}</h1>
<dl class="fields board-where">
<dt>地点</dt><dd>${[String(c.hall), c.floor ? String(c.floor) : ''].filter(Boolean).join(' ')}</dd>
<dt>办公时间</dt><dd>${String(c.openingHours)}</dd>
${c.phone ? html`<dt>窗口电话</dt><dd>${String(c.phone)}</dd>` : ''}
${
  items.length
    ? html`<dt>办理事项</dt><dd><ul class="plain">${items.map(
        (i) => html`<li><a href="/portal/items/${encodeURIComponent(i.code)}">${i.name}</a> <span class="muted">${i.code}</span></li>`,
      )}</ul></dd>`
    : ''
}
</dl>
</header>
<section aria-labelledby="board-staff">
<h2 id="board-staff">工作人员</h2>
${
  staff.length
    ? html`<ul class="board-staff">${staff.map(
        (p) => html`<li><dl class="fields">
<dt>姓名</dt><dd class="board-name">${p.name}</dd>
<dt>单位</dt><dd>${p.unit}</dd>
<dt>职务</dt><dd>${p.position ?? '—'}</dd>
<dt>执法种类</dt><dd>${p.enforcementCategories.length ? p.enforcementCategories.join('、') : '—'}</dd>
<dt>岗位职责</dt><dd>${p.duties}</dd>
</dl></li>`,
      )}</ul>`
    : html`<p class="muted">暂无在岗人员信息。</p>`
}
</section>
<section aria-labelledby="board-materials">
<h2 id="board-materials">申请材料示范文本</h2>
${
  materials.length
    ? materials.map(
        (m) => html`<section class="board-sample"><h3>${m.title}</h3>
${m.itemCodes.length ? html`<p class="muted">适用事项：${m.itemCodes.join('、')}</p>` : ''}
<div class="sample">${m.text}</div></section>`,
      )
    : html`<p class="muted">本窗口未提供示范文本。</p>`
}
</section>
<section aria-labelledby="board-progress"><h2 id="board-progress">办理进度查询</h2><p>${String(c.progressEnquiry)}</p></section>
<section aria-labelledby="board-consult"><h2 id="board-consult">咨询服务</h2><p>${String(c.consultation)}</p></section>
<section aria-labelledby="board-complaint"><h2 id="board-complaint">投诉举报</h2><p>${String(c.complaint)}</p></section>
<footer class="board-foot muted">
<p>公示依据：政务服务窗口应当设置岗位信息公示牌。本公示牌由${String(c.agencyName)}发布（谁执法谁公示）。${publishedAt ? `本公示牌清单最近发布：${beijingTime(publishedAt)}。` : ''}第 ${String(c.version)} 版。</p>
<p class="no-print">打印：使用浏览器的“打印”功能即可得到 A4 公示牌。 <a href="/portal/history/service-windows">历史版本</a> · <a href="/api/v1/public/service-windows?agencyId=${encodeURIComponent(String(c.agencyId))}">开放数据（JSON）</a></p>
</footer>
</article>`;
  return page({
    title: `${String(c.agencyName)} ${title}`,
    crumbs: [{ label: kindLabels.service_windows ?? '窗口公示', href: '/portal/service-windows' }, { label: title }],
    current: 'service-windows',
    description: `${String(c.agencyName)}${String(c.name)}岗位信息公示牌`,
    body,
  });
}

const names = (xs: { label: string }[]) => xs.map((x) => x.label).join('、');

/** The journal entry that records a list version (its payload holds every entry's content hash). */
const journalSeqLink = (seq: number | null) =>
  seq === null ? html`<span class="muted">—</span>` : html`<a href="/api/v1/public/journal/entries/${seq}">第 ${seq} 条</a>`;

export async function historyPage(db: AnyDb, section: Section): Promise<Html> {
  const versions = await listVersions(db, { listKind: section.kind, limit: 200 });
  const title = `${kindLabels[section.kind]}：历史版本`;
  const body = html`<h1>${title}</h1>
<p class="lead">每次变更经确认后发布为新版本。点击“查看”可看到该版本发布时的完整清单。</p>
${
  versions.length
    ? html`<table class="cards-sm">
<caption>共 ${versions.length} 个版本，最新的在前</caption>
<thead><tr><th scope="col">发布时间</th><th scope="col">清单</th><th scope="col">版本</th><th scope="col">变更说明</th><th scope="col">新增</th><th scope="col">变更</th><th scope="col">移除</th><th scope="col">条目数</th><th scope="col">日志序号</th></tr></thead>
<tbody>
${versions.map(
  (v) => html`<tr>
<td data-label="发布时间">${beijingTime(v.publishedAt)}</td>
<td data-label="清单">${v.title}</td>
<td data-label="版本"><a href="/portal/history/${section.slug}/${encodeURIComponent(v.listKey)}/${v.version}">第 ${v.version} 版（查看）</a></td>
<td data-label="变更说明">${v.reason}</td>
${(['added', 'changed', 'removed'] as const).map((k) => {
  const xs = v.changes[k];
  const label = { added: '新增', changed: '变更', removed: '移除' }[k];
  return html`<td data-label="${label}">${xs.length ? (xs.length <= 3 ? `${xs.length}：${names(xs)}` : html`<details><summary>${xs.length} 条</summary>${names(xs)}</details>`) : '0'}</td>`;
})}
<td data-label="条目数">${v.entryCount}</td>
<td data-label="日志序号">${journalSeqLink(v.journalSeq)}</td>
</tr>\n`,
)}
</tbody>
</table>`
    : html`<p class="panel">尚未发布过此清单。</p>`
}`;
  return page({
    title,
    crumbs: [{ label: kindLabels[section.kind] ?? section.title, href: `/portal/${section.slug}` }, { label: '历史版本' }],
    current: section.slug,
    body,
  });
}

export async function versionPage(db: AnyDb, section: Section, listKey: string, version: number): Promise<Html | undefined> {
  const versions = await listVersions(db, { listKey, limit: 10_000 });
  const v = versions.find((x) => x.version === version);
  if (!v || v.listKind !== section.kind) return undefined;
  const entries: PublishedEntry[] = await entriesAtVersion(db, listKey, version);
  const shown = entries.slice(0, versionPageCap);
  const latest = versions[0]?.version ?? version;
  const title = `${v.title}（第 ${version} 版）`;
  const body = html`<h1>${title}</h1>
<p class="notice">${
    version === latest
      ? '这是该清单的当前版本。'
      : html`这是 ${beijingDate(v.publishedAt)} 发布的历史版本，不是当前版本。<a href="/portal/${section.slug}">查看当前版本</a>`
  }</p>
<dl class="fields panel">
<dt>发布时间</dt><dd>${beijingTime(v.publishedAt)}</dd>
<dt>变更说明</dt><dd>${v.reason}</dd>
<dt>变更内容</dt><dd>新增 ${v.changes.added.length} 条，变更 ${v.changes.changed.length} 条，移除 ${v.changes.removed.length} 条</dd>
<dt>条目数</dt><dd>${entries.length}</dd>
<dt>日志序号</dt><dd>${journalSeqLink(v.journalSeq)}${
    v.journalSeq === null
      ? ''
      : html`<br><span class="muted">这条全过程记录含本版每个条目的内容哈希，可用签名检查点核验公示内容未被改动（清单标识 ${listKey}）。</span>`
  }</dd>
</dl>
${entries.length > shown.length ? html`<p class="muted">仅显示前 ${versionPageCap} 条。</p>` : ''}
${shown.length ? entriesView(section.kind, shown, `第 ${version} 版的条目`) : html`<p class="panel">此版本没有条目。</p>`}`;
  return page({
    title,
    crumbs: [
      { label: kindLabels[section.kind] ?? section.title, href: `/portal/${section.slug}` },
      { label: '历史版本', href: `/portal/history/${section.slug}` },
      { label: `第 ${version} 版` },
    ],
    current: section.slug,
    body,
  });
}

export function errorPage(status: number, message: string): Html {
  const title =
    status === 404
      ? '页面不存在'
      : status === 400
        ? '请求有误'
        : status === 414 || status === 431
          ? '请求地址过长'
          : status === 429
            ? '请求过于频繁'
            : status >= 500
              ? '出错了'
              : '无法处理该请求';
  return page({
    title,
    crumbs: [{ label: title }],
    body: html`<h1>${title}</h1><p class="panel">${message}</p><p><a href="/portal/">返回首页</a></p>`,
  });
}

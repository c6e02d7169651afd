import { type Html, type HtmlValue, html } from './html';

export const siteName = '行政执法公示平台';

/** The lists in the order of the home page and the main navigation, with their portal paths. */
export const sections = [
  { kind: 'agencies', slug: 'agencies', title: '执法主体', rule: 'R-D01' },
  { kind: 'officers', slug: 'officers', title: '执法人员', rule: 'R-D02' },
  { kind: 'items', slug: 'items', title: '执法事项', rule: 'R-D03' },
  { kind: 'discretion_standards', slug: 'discretion-standards', title: '裁量基准', rule: 'R-D07' },
  { kind: 'three_lists', slug: 'three-lists', title: '三张清单', rule: 'R-D07' },
  { kind: 'review_catalog', slug: 'review-catalog', title: '法制审核目录', rule: 'R-D07' },
  { kind: 'av_duties', slug: 'av-duties', title: '音像记录事项', rule: 'R-D07' },
  { kind: 'inspection_items', slug: 'inspection-items', title: '随机抽查事项', rule: 'R-D04' },
  { kind: 'service_windows', slug: 'service-windows', title: '窗口公示', rule: 'R-D18' },
] as const;
export type Section = (typeof sections)[number];

export const sectionOfSlug = (slug: string) => sections.find((s) => s.slug === slug);
export const sectionOfKind = (kind: string) => sections.find((s) => s.kind === kind);

export interface Crumb {
  label: string;
  href?: string;
}

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
/** A legal date in Asia/Shanghai, YYYY-MM-DD. */
export const beijingDate = (iso: string) => dateFormat.format(new Date(iso));
export const beijingTime = (iso: string) => timeFormat.format(new Date(iso));

/** The page shell: lang zh-CN, skip link, site header with navigation, breadcrumbs, one h1. */
export function page(opts: { title: string; crumbs: Crumb[]; current?: string; body: HtmlValue; description?: string }): Html {
  const crumbs: Crumb[] = [{ label: '首页', href: '/portal/' }, ...opts.crumbs];
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title === siteName ? siteName : `${opts.title} - ${siteName}`}</title>
<meta name="description" content="${opts.description ?? '行政执法主体、人员、事项、裁量基准等事前公开信息'}">
<link rel="stylesheet" href="/portal/assets/portal.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site"><div class="bar">
<a class="site-name" href="/portal/">${siteName}</a>
<nav class="main" aria-label="主导航"><ul>
${sections.map(
  (s) => html`<li><a href="/portal/${s.slug}"${s.slug === opts.current ? html` aria-current="page"` : ''}>${s.title}</a></li>`,
)}
</ul></nav>
</div></header>
<main id="main" tabindex="-1">
${
  opts.crumbs.length
    ? html`<nav class="crumbs" aria-label="面包屑导航"><ol>
${crumbs.map((c, i) =>
  i === crumbs.length - 1 ? html`<li aria-current="page">${c.label}</li>` : html`<li><a href="${c.href ?? '#'}">${c.label}</a></li>`,
)}
</ol></nav>`
    : ''
}
${opts.body}
</main>
<footer class="site">
<p>本平台公示的信息均为经司法局确认后发布的版本；每份清单的历史版本均可查阅。开放数据：<a href="/api/docs">接口说明</a>（JSON、CSV，无需登录）。</p>
</footer>
</body>
</html>
`;
}

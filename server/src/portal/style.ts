/** The portal's one stylesheet: mobile first, system CJK fonts, contrast ≥ 4.5:1, no JavaScript. */
export const portalCss = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f7f9}
a{color:#0a58b8}
a:hover{color:#073f85}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#0a58b8;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
header.site{background:#8b1a1a;color:#fff}
header.site .bar{max-width:72rem;margin:0 auto;padding:.75rem 1rem}
header.site a{color:#fff;text-decoration:none}
.site-name{font-size:1.25rem;font-weight:700;letter-spacing:.05em}
nav.main ul{list-style:none;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.1rem 1rem;font-size:.95rem}
nav.main a{display:inline-block;padding:.25rem 0;border-bottom:2px solid transparent}
nav.main a[aria-current=page],nav.main a:hover{border-bottom-color:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
nav.crumbs ol{list-style:none;margin:0 0 .5rem;padding:0;display:flex;flex-wrap:wrap;font-size:.9rem;color:#555}
nav.crumbs li+li::before{content:"›";margin:0 .4rem;color:#555}
h1{font-size:1.5rem;margin:.25rem 0 .75rem;line-height:1.3}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
.lead{color:#444;margin:0 0 1rem}
.muted{color:#555;font-size:.9rem}
.panel{background:#fff;border:1px solid #d8dce1;border-radius:6px;padding:1rem;margin:0 0 1rem}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
.cards li{background:#fff;border:1px solid #d8dce1;border-radius:6px;padding:.9rem 1rem}
.panel>h2:first-child{margin-top:0}
.cards h2{margin:0 0 .3rem;font-size:1.05rem}
.count{font-size:1.6rem;font-weight:700;color:#8b1a1a}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.9rem;gap:.2rem;flex:1 1 12rem}
input[type=search],select{font:inherit;padding:.45rem .6rem;border:1px solid #8a9099;border-radius:4px;background:#fff;color:#1f2328;min-height:2.6rem;width:100%}
button{font:inherit;padding:.45rem 1.2rem;border:0;border-radius:4px;background:#8b1a1a;color:#fff;min-height:2.6rem;cursor:pointer}
table{width:100%;border-collapse:collapse;background:#fff;font-size:.95rem}
caption{text-align:left;color:#555;font-size:.9rem;padding:.25rem 0}
th,td{border:1px solid #d8dce1;padding:.5rem .6rem;text-align:left;vertical-align:top}
th{background:#eef0f3;font-weight:600;white-space:nowrap}
.badge{display:inline-block;padding:0 .5rem;border-radius:3px;font-size:.85rem;border:1px solid currentColor;white-space:nowrap}
.s-green{color:#1e6b34;background:#e6f4ea}.s-yellow{color:#6b4e00;background:#fff4cc}.s-red{color:#a1161a;background:#fde7e7}.s-revoked{color:#333;background:#eee}
.pager{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.downloads{font-size:.9rem}
dl.fields{display:grid;grid-template-columns:minmax(6rem,11rem) 1fr;gap:.4rem 1rem;margin:0}
dl.fields dt{font-weight:600;color:#333}
dl.fields dd{margin:0}
blockquote{margin:.4rem 0;padding:.4rem .8rem;border-left:4px solid #d8dce1;background:#fafbfc;color:#333}
ol.flow{list-style:none;margin:0;padding:0;counter-reset:flow;max-width:36rem}
ol.flow li{position:relative;counter-increment:flow;border:2px solid #8b1a1a;border-radius:8px;background:#fff;padding:.6rem .8rem .6rem 3.2rem;margin:0 0 2rem}
ol.flow li::before{content:counter(flow);position:absolute;left:.7rem;top:.6rem;width:1.8rem;height:1.8rem;border-radius:50%;background:#8b1a1a;color:#fff;text-align:center;line-height:1.8rem;font-weight:700}
ol.flow li:not(:last-child)::after{content:"";position:absolute;left:50%;bottom:-1.9rem;height:1.5rem;border-left:2px solid #8b1a1a}
ol.flow li:not(:last-child) .arrow{position:absolute;left:calc(50% - .45rem);bottom:-2rem;width:0;height:0;border:.45rem solid transparent;border-top-color:#8b1a1a;border-bottom:0}
ol.flow .step{font-weight:700}
ol.flow .limit{display:block;font-size:.85rem;color:#6b4e00}
.notice{background:#fff4cc;border:1px solid #c9a227;padding:.6rem .8rem;border-radius:4px;margin:0 0 1rem}
details summary{cursor:pointer;color:#0a58b8}
footer.site{max-width:72rem;margin:2rem auto 0;padding:1rem;color:#555;font-size:.85rem;border-top:1px solid #d8dce1}
ul.plain{list-style:none;margin:0;padding:0}
.windows-card h2{margin:0 0 .3rem;font-size:1.05rem}
.board{background:#fff;border:1px solid #d8dce1;border-top:6px solid #8b1a1a;border-radius:6px;padding:1rem 1.25rem;max-width:52rem}
.board-head{border-bottom:2px solid #8b1a1a;margin:0 0 1rem;padding:0 0 .75rem}
.board-kind{margin:0;color:#8b1a1a;font-weight:700;letter-spacing:.3em}
.board-agency{margin:.25rem 0 0;font-size:1.1rem}
.board h1{font-size:1.8rem;margin:.25rem 0 .75rem}
.board-number{display:inline-block;min-width:3.5rem;padding:0 .5rem;margin-right:.4rem;border-radius:4px;background:#8b1a1a;color:#fff;text-align:center}
.board h2{font-size:1.25rem;border-left:5px solid #8b1a1a;padding-left:.5rem}
ul.board-staff{list-style:none;margin:0;padding:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr))}
ul.board-staff li{border:1px solid #d8dce1;border-radius:6px;padding:.75rem;break-inside:avoid}
.board-name{font-size:1.3rem;font-weight:700}
.board-sample{break-inside:avoid-page}
.sample{white-space:pre-wrap;background:#fafbfc;border:1px dashed #8a9099;border-radius:4px;padding:.6rem .8rem;font-size:.95rem}
.board-foot{margin-top:1.5rem;border-top:1px solid #d8dce1;padding-top:.5rem}
@media print{
  @page{size:A4;margin:14mm 14mm 16mm}
  body{background:#fff;color:#000;font-size:14pt;line-height:1.5}
  header.site,footer.site,nav.crumbs,.skip,.no-print{display:none!important}
  main{max-width:none;padding:0}
  a{color:#000;text-decoration:none}
  .board{border:0;padding:0;max-width:none}
  .board h1{font-size:26pt}
  .board h2{font-size:17pt;break-after:avoid}
  .board-kind{font-size:16pt}
  .board-agency{font-size:16pt}
  .board-number{background:none;color:#000;border:2pt solid #000}
  .board-name{font-size:18pt}
  ul.board-staff{grid-template-columns:1fr 1fr}
  ul.board-staff li{border:1pt solid #000}
  .sample{border:1pt dashed #000;background:none;font-size:12pt}
  dl.fields{grid-template-columns:6.5em 1fr}
}
@media (max-width:40rem){
  h1{font-size:1.3rem}
  table.cards-sm,table.cards-sm tbody,table.cards-sm tr,table.cards-sm td{display:block;width:100%}
  table.cards-sm caption{display:block;width:auto;padding:.25rem 0 .5rem}
  table.cards-sm thead{position:absolute;left:-9999px}
  table.cards-sm tr{border:1px solid #d8dce1;border-radius:6px;margin:0 0 .75rem;background:#fff}
  table.cards-sm td{border:0;border-bottom:1px solid #eef0f3;padding:.4rem .7rem}
  table.cards-sm td::before{content:attr(data-label);display:block;font-size:.8rem;color:#555}
  dl.fields{grid-template-columns:1fr}
  dl.fields dd{margin-bottom:.4rem}
}
`;

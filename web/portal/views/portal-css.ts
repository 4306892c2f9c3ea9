import { createHash } from 'node:crypto';

/** The portal's only stylesheet, inlined; the CSP allows exactly this text by its hash (no inline scripts at all). */
export const PORTAL_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f4f6f8}
a{color:#1d5fbf;text-decoration:none}a:hover{text-decoration:underline}
header{background:#17324d;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem}
header .brand{font-weight:600;font-size:1.05rem;margin-right:auto}
header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header nav a{color:#cfe0f5}header nav a.active{color:#fff;font-weight:600}
header form{display:flex;align-items:center;gap:.5rem;margin:0;color:#cfe0f5;font-size:.9rem}
main{max-width:1240px;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.25rem 0 1rem}
.card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:1rem;margin-bottom:1rem}
.narrow{max-width:420px;margin:3rem auto}
label{display:block;font-size:.85rem;color:#52606d;margin-bottom:.2rem}
input,select{font:inherit;padding:.45rem .55rem;border:1px solid #c3ccd6;border-radius:6px;width:100%;background:#fff}
select,input:not([type=file]){height:2.5rem}
button,.btn{font:inherit;display:inline-block;padding:.45rem 1rem;border:0;border-radius:6px;background:#1d5fbf;color:#fff;cursor:pointer;text-align:center}
button.secondary,.btn.secondary{background:#e4e9ef;color:#1f2933}
header button{padding:.25rem .7rem;background:#2b4f74;color:#fff}
.field{margin-bottom:.8rem}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.6rem;align-items:end}
.filters .actions{display:flex;gap:.5rem}
.msg{padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem}
.ok{background:#e3f4e8;color:#1e6b3a;border:1px solid #b5dfc3}.bad{background:#fdecec;color:#9b1c1c;border:1px solid #f3bcbc}
.info{background:#eef4fb;color:#234;border:1px solid #cbdcf0}
.tag{display:inline-block;white-space:nowrap;padding:.05rem .45rem;border-radius:4px;font-size:.85rem}
.muted{color:#66788a;font-size:.85rem}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{padding:.5rem .6rem;border-bottom:1px solid #e6ebf0;text-align:left;vertical-align:top}
th{background:#f0f3f6;font-weight:600;font-size:.85rem;color:#3e4c59;white-space:nowrap}
tr:hover td{background:#fafcff}
code,.hash{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.82rem;word-break:break-all}
.num{text-align:right;white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem;margin:0}dt{color:#52606d}dd{margin:0}
.pager{display:flex;gap:1rem;align-items:center;justify-content:center;margin-top:1rem}
@media (max-width:760px){
 table.docs thead{display:none}
 table.docs tr{display:block;border-bottom:6px solid #f4f6f8;padding:.4rem 0}
 table.docs td{display:flex;gap:.75rem;border:0;padding:.2rem .6rem;text-align:left}
 table.docs td::before{content:attr(data-label);flex:0 0 6.5rem;color:#66788a;font-size:.85rem}
 dl{grid-template-columns:1fr}dt{margin-top:.4rem}
}
`.trim();

export const PORTAL_CSS_HASH = `'sha256-${createHash('sha256').update(PORTAL_CSS).digest('base64')}'`;

/** Built here, not in a template, so formatting can never change the hashed text. */
export const STYLE_TAG = `<style>${PORTAL_CSS}</style>`;

/** The one stylesheet of the action pages (served from /assets/app.css so the CSP needs no 'unsafe-inline'). */
export const APP_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f5f8;color:#1d2330;font:16px/1.55 system-ui,-apple-system,"Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif}
header{background:#1f4e8c;color:#fff;padding:12px 16px;display:flex;justify-content:space-between;align-items:center}
header a{color:#dbe7ff;font-size:14px}
main{max-width:640px;margin:0 auto;padding:16px}
h1{font-size:21px;margin:4px 0 12px}
.card{background:#fff;border-radius:10px;padding:14px 16px;margin:0 0 14px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.meta{color:#5a6475;font-size:14px;margin:2px 0}
ul.summary{margin:0;padding-left:20px}
ul.summary li{margin:4px 0}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px}
.figure{background:#eef3fb;border-radius:8px;padding:10px 12px}
.figure .label{font-size:13px;color:#5a6475}
.figure .value{font-size:20px;font-weight:600;word-break:break-all}
.docs a{display:block;padding:10px 0;border-bottom:1px solid #e5e8ee;color:#1f4e8c;text-decoration:none;word-break:break-all}
.docs a:last-child{border-bottom:0}
.badge{display:inline-block;font-size:12px;font-weight:700;color:#fff;background:#5a6475;border-radius:4px;padding:1px 6px;margin-right:6px;vertical-align:2px}
.badge.pdf{background:#b3261e}
.badge.xlsx{background:#1d7a45}
.docs .action{float:right;font-size:14px;color:#5a6475}
label{display:block;font-weight:600;margin:10px 0 4px}
textarea,input,select{width:100%;font:inherit;padding:10px;border:1px solid #c4cbd6;border-radius:8px;background:#fff}
input[type=checkbox]{width:auto;transform:scale(1.3);margin-right:8px}
.hint{font-size:13px;color:#5a6475;margin:4px 0 0}
.buttons{display:flex;gap:10px;flex-wrap:wrap;margin-top:14px}
button{flex:1 1 140px;min-height:48px;font:inherit;font-size:18px;font-weight:600;border:0;border-radius:10px;color:#fff;background:#1f4e8c;cursor:pointer}
button.positive{background:#1d7a45}
button.negative{background:#b3261e}
.notice{font-size:13px;color:#5a6475}
.banner{border-radius:10px;padding:14px 16px;margin:0 0 14px}
.banner.ok{background:#e3f4e9;color:#14522d}
.banner.warn{background:#fff4d6;color:#6b4d00}
.banner.error{background:#fde7e5;color:#7d1a14}
.errors{margin:6px 0 0;padding-left:20px}
`;

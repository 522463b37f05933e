/** The stylesheet of the social report's HTML page (served apart, so a page needs no inline style). */
export const SOCIAL_REPORT_CSS = `body{font-family:"DejaVu Sans",sans-serif;max-width:60rem;margin:2rem auto;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1rem}th,td{border-bottom:1px solid #bbb;padding:0.2rem 0.4rem;text-align:left;font-size:0.9rem}
td.num{text-align:right}code{font-size:0.8rem;color:#555}figure{margin:1rem 0}section{break-inside:auto}h2{break-after:avoid}
@media print{body{margin:0;max-width:none}}`;

import type { HoldoutResult } from './holdout.js';

/*
 * The weekly cumulative tracking chart of FHL 2005 (their Figure 4) as a standalone SVG, and an HTML page
 * around it for the docs: actual vs model repeat purchases, with the calibration/holdout split marked.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function trackingSvg(r: HoldoutResult, title: string): string {
  const W = 760;
  const H = 420;
  const L = 70;
  const R = 20;
  const T = 40;
  const B = 50;
  const maxY = Math.max(1, ...r.tracking.map((p) => Math.max(p.actual, p.model)));
  const maxX = Math.max(1, r.tracking.length);
  const x = (w: number) => L + (w / maxX) * (W - L - R);
  const y = (v: number) => H - B - (v / maxY) * (H - T - B);
  const path = (key: 'actual' | 'model') => r.tracking.map((p, i) => `${i ? 'L' : 'M'}${x(p.week).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const ticksY = Array.from({ length: 6 }, (_, k) => (maxY * k) / 5);
  const stepX = maxX > 60 ? 10 : 5;
  const ticksX = Array.from({ length: Math.floor(maxX / stepX) + 1 }, (_, k) => k * stepX);
  const split = x(r.calibrationEndWeek);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(title)}</text>
${ticksY.map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/><text x="${L - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${Math.round(v).toLocaleString('en-US')}</text>`).join('\n')}
${ticksX.map((w) => `<text x="${x(w).toFixed(1)}" y="${H - B + 18}" text-anchor="middle">${w}</text>`).join('\n')}
<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/>
<line x1="${split.toFixed(1)}" x2="${split.toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#999" stroke-dasharray="4 4"/>
<text x="${(split - 6).toFixed(1)}" y="${T + 14}" text-anchor="end" fill="#666">calibration</text><text x="${(split + 6).toFixed(1)}" y="${T + 14}" fill="#666">holdout</text>
<path d="${path('actual')}" fill="none" stroke="#1f6feb" stroke-width="2"/>
<path d="${path('model')}" fill="none" stroke="#d1242f" stroke-width="2" stroke-dasharray="6 3"/>
<text x="${W / 2}" y="${H - 12}" text-anchor="middle">weeks since the first trial purchase</text>
<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">cumulative repeat purchases</text>
<g transform="translate(${L + 16} ${T + 30})"><line x1="0" x2="24" y1="0" y2="0" stroke="#1f6feb" stroke-width="2"/><text x="30" y="4">actual</text><line x1="0" x2="24" y1="18" y2="18" stroke="#d1242f" stroke-width="2" stroke-dasharray="6 3"/><text x="30" y="22">BG/NBD</text></g>
</svg>
`;
}

export function trackingHtml(r: HoldoutResult, title: string, summaryLines: readonly string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 800px; margin: 2em auto">
${trackingSvg(r, title)}
<pre>${summaryLines.map(esc).join('\n')}</pre>
</body></html>
`;
}

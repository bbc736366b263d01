// A small hand-drawn SVG chart: spend per month as bars, cumulative spend as a line.
import { fmtMoney, currencyOf } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
const s = (tag, attrs = {}, ...kids) => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const k of kids) el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return el;
};

// A month (2024-03) as the browser's language names it: "Mar 2024" in English, "2024. márc." in Hungarian.
const monthName = (m) => {
  const [y, mo] = m.split('-').map(Number);
  return new Date(y, mo - 1, 1).toLocaleDateString(undefined, { year: 'numeric', month: 'short' });
};

export function spendChart(purchases) {
  const dated = purchases.filter((p) => p.date && p.amount != null);
  if (!dated.length) return document.createTextNode('');
  const byMonth = new Map();
  for (const p of dated) {
    const m = p.date.slice(0, 7);
    byMonth.set(m, (byMonth.get(m) || 0) + Number(p.amount));
  }
  // every month from the first to the last purchase, so gaps show as gaps
  const keys = [...byMonth.keys()].sort();
  const months = [];
  let [y, mo] = keys[0].split('-').map(Number);
  const [ly, lm] = keys[keys.length - 1].split('-').map(Number);
  while (y < ly || (y === ly && mo <= lm)) {
    months.push(`${y}-${String(mo).padStart(2, '0')}`);
    mo += 1; if (mo > 12) { mo = 1; y += 1; }
    if (months.length > 240) break;
  }
  const cur = currencyOf(dated);
  const W = 320, H = 140, L = 8, R = 8, T = 14, B = 22;
  const values = months.map((m) => byMonth.get(m) || 0);
  let run = 0;
  const cumulative = values.map((v) => (run += v));
  const maxBar = Math.max(...values, 1);
  const maxCum = Math.max(run, 1);
  const bw = (W - L - R) / months.length;
  const x = (i) => L + i * bw;
  const yBar = (v) => H - B - (v / maxBar) * (H - T - B);
  const yCum = (v) => H - B - (v / maxCum) * (H - T - B);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img',
    'aria-label': `Spend per month from ${monthName(months[0])} to ${monthName(months[months.length - 1])}, `
      + `total ${fmtMoney(run, cur)}` });
  svg.append(s('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }));
  months.forEach((m, i) => {
    const v = values[i];
    if (!v) return;
    svg.append(s('rect', { x: x(i) + bw * 0.15, width: Math.max(bw * 0.7, 1), y: yBar(v), height: H - B - yBar(v), class: 'bar' },
      s('title', {}, `${monthName(m)}: ${fmtMoney(v, cur)}`)));
  });
  const pts = cumulative.map((v, i) => `${(x(i) + bw / 2).toFixed(1)},${yCum(v).toFixed(1)}`).join(' ');
  svg.append(s('polyline', { points: pts, class: 'line' }));
  svg.append(s('text', { x: L, y: H - 6, class: 'tick' }, monthName(months[0])));
  svg.append(s('text', { x: W - R, y: H - 6, class: 'tick', 'text-anchor': 'end' },
    monthName(months[months.length - 1])));
  svg.append(s('text', { x: W - R, y: T - 3, class: 'tick', 'text-anchor': 'end' }, `total ${fmtMoney(run, cur)}`));
  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.innerHTML = '<span class="key bar"></span> per month <span class="key line"></span> cumulative';
  const fig = document.createElement('figure');
  fig.className = 'chart-fig';
  fig.append(svg, legend);
  return fig;
}

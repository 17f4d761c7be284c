/**
 * The bench's results as one small SVG (issue 15, point 6): time and peak memory against size for coverage,
 * E2SFCA, road many-to-many and siting, beside the bare script, the method before and spopt's formulation in
 * native HiGHS where the results have them. Reads bench/results/*.json (whatever is there; a missing file leaves its panel saying so), writes
 * docs/bench-scaling.svg. No dependency: log scales and a few SVG elements written here.
 *   tsx bench/chart.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const results = (name: string): any => {
  const path = join(root, 'bench', 'results', `${name}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
};

interface Series {
  name: string;
  colour: string;
  dashed?: boolean;
  points: [number, number][];
}

interface Panel {
  title: string;
  x: string;
  time: Series[];
  memory: Series[];
  /** Said in the panel when a row has no series. */
  missing?: { time?: string; memory?: string };
}

const CARESHED = '#1b6ca8';
const CARESHED_2 = '#59a14f';
const PEER = '#c0392b';
const MB = 1024 * 1024;

function panels(): Panel[] {
  const scale = results('scale');
  const france = results('france') ?? results('france-quick');
  const network = results('network');
  const siting = results('siting');
  const runs = (measure: string): any[] => (france?.runs ?? []).filter((r: any) => r.measure === measure);
  const cases = scale ? ['small', 'large', 'rows2m'].map((k) => scale[k]).filter(Boolean) : [];
  const coverage: Panel = {
    title: 'coverage, straight lines',
    x: 'demand points',
    time: [
      { name: 'careshed, whole process, CPU', colour: CARESHED, points: cases.map((c: any) => [c.demandCount, c.careshed.cpuMs / 1000]) },
      { name: 'bare script (kdbush), CPU', colour: PEER, points: cases.map((c: any) => [c.demandCount, c.bare.cpuMs / 1000]) },
      { name: 'careshed, France 200 m, in process', colour: CARESHED_2, points: runs('coverage').map((r) => [r.cells, r.ms / 1000]) },
    ],
    memory: [
      { name: 'careshed', colour: CARESHED, points: cases.map((c: any) => [c.demandCount, c.careshed.maxRssBytes / MB]) },
      { name: 'bare script', colour: PEER, points: cases.map((c: any) => [c.demandCount, c.bare.maxRssBytes / MB]) },
      { name: 'France 200 m', colour: CARESHED_2, points: runs('coverage').map((r) => [r.cells, r.peakRssBytes / MB]) },
    ],
  };
  const e2sfca: Panel = {
    title: 'E2SFCA, 30 min, France 200 m × 60k sites',
    x: 'cells',
    time: [
      { name: 'streamed, blocks built twice', colour: CARESHED, points: runs('e2sfca').map((r) => [r.cells, r.ms / 1000]) },
      { name: 'blocks kept between the passes', colour: CARESHED_2, dashed: true, points: runs('e2sfca-kept').map((r) => [r.cells, r.ms / 1000]) },
    ],
    memory: [
      { name: 'streamed', colour: CARESHED, points: runs('e2sfca').map((r) => [r.cells, r.peakRssBytes / MB]) },
      { name: 'kept', colour: CARESHED_2, dashed: true, points: runs('e2sfca-kept').map((r) => [r.cells, r.peakRssBytes / MB]) },
    ],
  };
  const bySites: any[] = network?.manyToManyBySites ?? [];
  const roads: Panel = {
    title: 'road many-to-many, Toulouse 2,000 × sites',
    x: 'sites',
    time: [
      { name: 'contraction hierarchy, bucket many-to-many', colour: CARESHED, points: bySites.map((r) => [r.sites, r.contractionMs / 1000]) },
      { name: 'one Dijkstra a site (the method before)', colour: PEER, points: bySites.map((r) => [r.sites, r.dijkstraMs / 1000]) },
    ],
    memory: [],
    missing: { memory: 'peak memory not in network.json' },
  };
  const timing = (pattern: RegExp): [number, number][] =>
    (siting?.timings ?? []).flatMap((t: any) => {
      const m = pattern.exec(t.name);
      return m ? [[Number(m[1]), t.ms / 1000] as [number, number]] : [];
    });
  // The peer: spopt's MCLP formulation solved by native HiGHS (SciPy), bench/native-highs.py; spopt's own model
  // building through PuLP would come on top.
  const native = results('spopt/native-highs');
  const site: Panel = {
    title: 'siting, MCLP on Occitanie (4,446 communes)',
    x: 'centres chosen (p)',
    time: [
      { name: 'heuristic', colour: CARESHED, points: timing(/^MCLP heuristic, Occitanie, p = (\d+)$/) },
      { name: 'exact (HiGHS)', colour: CARESHED_2, points: timing(/^MCLP exact \(HiGHS\), Occitanie, p = (\d+)$/) },
      { name: "spopt's formulation, native HiGHS", colour: PEER, points: (native?.mclp ?? []).map((r: any) => [r.p, r.spopt_formulation.build_s + r.spopt_formulation.solve_s]) },
    ],
    memory: [],
    missing: { memory: 'peak memory not in siting.json' },
  };
  return [coverage, e2sfca, roads, site];
}

const W = 250;
const H = 170;
const M = { left: 46, right: 10, top: 34, bottom: 34 };
const LEGEND = 84;

/** Powers of ten covering [lo, hi], and a log scale onto [a, b]. */
function logScale(values: number[], a: number, b: number) {
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const span = Math.log10(hi) - Math.log10(lo) || 1;
  const at = (v: number) => a + ((Math.log10(v) - Math.log10(lo)) / span) * (b - a);
  const ticks: number[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
  return { at, ticks };
}

const number = (v: number) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function plot(x0: number, y0: number, title: string, xLabel: string, yLabel: string, series: Series[], missing?: string): string {
  const parts = [`<g transform="translate(${x0},${y0})">`, `<text x="${M.left}" y="14" font-weight="bold">${escape(title)}</text>`];
  const drawn = series.filter((s) => s.points.length > 0);
  if (drawn.length === 0) {
    parts.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#777">${escape(missing ?? 'no results')}</text></g>`);
    return parts.join('');
  }
  const xs = drawn.flatMap((s) => s.points.map((p) => p[0]));
  const ys = drawn.flatMap((s) => s.points.map((p) => p[1]));
  const sx = logScale(xs, M.left, W - M.right);
  const sy = logScale(ys, H - M.bottom, M.top);
  for (const t of sx.ticks) parts.push(`<line x1="${sx.at(t)}" x2="${sx.at(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#e4e4e4"/><text x="${sx.at(t)}" y="${H - M.bottom + 12}" text-anchor="middle">${number(t)}</text>`);
  for (const t of sy.ticks) parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${sy.at(t)}" y2="${sy.at(t)}" stroke="#e4e4e4"/><text x="${M.left - 4}" y="${sy.at(t) + 3}" text-anchor="end">${number(t)}</text>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle">${escape(xLabel)}</text>`);
  parts.push(`<text transform="translate(11,${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  for (const s of drawn) {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]).map(([x, y]) => `${sx.at(x).toFixed(1)},${sy.at(y).toFixed(1)}`);
    parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${s.colour}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    for (const p of pts) parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2.4" fill="${s.colour}"/>`);
  }
  parts.push('</g>');
  return parts.join('');
}

function legend(x0: number, y0: number, series: Series[]): string {
  return series
    .filter((s) => s.points.length > 0)
    .map((s, k) => `<g transform="translate(${x0},${y0 + k * 13})"><line x1="0" x2="16" y1="-3" y2="-3" stroke="${s.colour}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/><text x="20" y="0">${escape(s.name)}</text></g>`)
    .join('');
}

const all = panels();
const width = W * all.length;
const height = 2 * H + LEGEND;
const body = all.map((p, k) => plot(k * W, 0, p.title, p.x, 'seconds', p.time, p.missing?.time) + plot(k * W, H, '', p.x, 'peak MB', p.memory, p.missing?.memory) + legend(k * W + 8, 2 * H + 12, p.time));
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="9" fill="#222">
<rect width="100%" height="100%" fill="white"/>
${body.join('\n')}
</svg>
`;
const output = join(root, 'docs', 'bench-scaling.svg');
writeFileSync(output, svg);
console.log(`wrote ${output}`);

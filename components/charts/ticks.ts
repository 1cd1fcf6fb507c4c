// Pure: y-axis ticks a reader takes in at a glance. Counts get whole-number ticks (no "2, 2" from
// rounding 1.5 and 2.5); byte sizes get round values in one binary unit ("200 MiB", not
// "228.9 MiB"), short enough never to wrap.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A 1, 2 or 5 × 10ⁿ step that splits `span` into about `target` parts. */
function niceStep(span: number, target: number): number {
  if (!(span > 0)) return 1;
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

export interface Axis {
  ticks: number[];
  domain: [number, number];
  format: (v: number) => string;
}

export function niceAxis(lo: number, hi: number, kind: 'count' | 'bytes', target = 4): Axis {
  const min = Math.min(0, Number.isFinite(lo) ? lo : 0);
  const max = Number.isFinite(hi) && hi > min ? hi : min + 1;
  let unit = 1;
  let name = '';
  if (kind === 'bytes') {
    let i = 0;
    while (max / unit >= 1024 && i < UNITS.length - 1) {
      unit *= 1024;
      i++;
    }
    name = ` ${UNITS[i]}`;
  }
  let step = niceStep((max - min) / unit, target);
  if (kind === 'count') step = Math.max(1, Math.round(step));
  const first = Math.floor(min / unit / step) * step;
  const ticks: number[] = [];
  for (let v = first; v < max / unit + step; v += step) ticks.push(Number((v * unit).toPrecision(12)));
  const decimals = kind === 'count' || step >= 1 ? 0 : Math.ceil(-Math.log10(step));
  return {
    ticks,
    domain: [ticks[0] as number, ticks[ticks.length - 1] as number],
    format: (v) => `${(v / unit).toFixed(decimals)}${name}`,
  };
}

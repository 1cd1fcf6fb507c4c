// Pure: the messages between the metrics writer and its SQLite worker thread. A batch travels as
// a table of distinct series plus three typed arrays (transferred, not copied), not as an array
// of point objects, which the structured clone would copy one property at a time.
import { type MetricType, type Point, seriesKey } from './model';

export interface WriteRequest {
  kind: 'write';
  id: number;
  /** `${type}\0${name}\0${canonical labels}` of each distinct series in the batch */
  series: string[];
  seriesIndex: Uint32Array<ArrayBuffer>;
  values: Float64Array<ArrayBuffer>;
  ts: Float64Array<ArrayBuffer>;
}
export type WorkerRequest = WriteRequest | { kind: 'close' };
export type WorkerReply = { id: number; ok: true } | { id: number; ok: false; error: string };

export function encodeBatch(id: number, points: readonly Point[]): WriteRequest {
  const index = new Map<string, number>();
  const series: string[] = [];
  const seriesIndex = new Uint32Array(points.length);
  const values = new Float64Array(points.length);
  const ts = new Float64Array(points.length);
  points.forEach((p, i) => {
    const key = seriesKey(p);
    let s = index.get(key);
    if (s === undefined) {
      s = series.length;
      series.push(key);
      index.set(key, s);
    }
    seriesIndex[i] = s;
    values[i] = p.value;
    ts[i] = p.ts;
  });
  return { kind: 'write', id, series, seriesIndex, values, ts };
}

/** Points as the writer needs them: labels stay canonical JSON in `key` (never re-parsed). */
export function decodeBatch(m: WriteRequest): Point[] {
  const series = m.series.map((s) => {
    const [type, name, key] = s.split('\u0000') as [MetricType, string, string];
    return { type, name, key };
  });
  const points: Point[] = new Array(m.values.length);
  for (let i = 0; i < m.values.length; i++) {
    const s = series[m.seriesIndex[i] as number] as { type: MetricType; name: string; key: string };
    points[i] = {
      name: s.name,
      labels: {},
      key: s.key,
      type: s.type,
      value: m.values[i] as number,
      ts: m.ts[i] as number,
    };
  }
  return points;
}

// Pure: raw points as the store keeps them — chunks of one series and one minute, the points' times
// and values as two JSON arrays in the same order — and back. A write of 1,000 points across 50
// series is ~50 rows and index entries instead of 1,000: per point, a row costs far more than its
// numbers, on both databases.
import { BucketTable } from './bucket-table';
import { labelsKey, type Point } from './model';

/** A chunk holds one minute of one series: [bucket, bucket + CHUNK_MS). */
export const CHUNK_MS = 60_000;

export interface ChunkRow {
  name: string;
  labels: string;
  /** epoch ms of the minute's start */
  bucket: number;
  count: number;
  /** JSON array: each point's ms after bucket */
  offsets: string;
  /** JSON array: each point's value */
  vals: string;
}

/** Points → one chunk per (name, labels, minute), in the points' order. */
export function chunkRows(points: readonly Point[]): ChunkRow[] {
  const table = new BucketTable<{ name: string; labels: string; bucket: number; offsets: number[]; vals: number[] }>();
  for (const p of points) {
    const ts = Math.round(p.ts);
    const bucket = Math.floor(ts / CHUNK_MS) * CHUNK_MS;
    const labels = labelsKey(p);
    const c = table.row(p.name, labels, bucket, () => ({ name: p.name, labels, bucket, offsets: [], vals: [] }));
    c.offsets.push(ts - bucket);
    c.vals.push(p.value);
  }
  return table.rows().map((c) => ({
    name: c.name,
    labels: c.labels,
    bucket: c.bucket,
    count: c.offsets.length,
    offsets: JSON.stringify(c.offsets),
    vals: JSON.stringify(c.vals),
  }));
}

/** Joins two JSON arrays' texts without parsing either: "[1,2]" + "[3]" → "[1,2,3]". */
const joinArrays = (parts: readonly string[]) => `[${parts.map((a) => a.slice(1, -1)).join(',')}]`;

/** Chunk rows of several writes as one row per (name, labels, minute): fewer rows to insert. */
export function mergeChunkRows(rows: readonly ChunkRow[]): ChunkRow[] {
  const table = new BucketTable<{ first: ChunkRow; more: ChunkRow[] }>();
  for (const r of rows) {
    const m = table.row(r.name, r.labels, r.bucket, () => ({ first: r, more: [] }));
    if (m.first !== r) m.more.push(r);
  }
  return table.rows().map(({ first, more }) => {
    if (!more.length) return first;
    const all = [first, ...more];
    return {
      ...first,
      count: all.reduce((n, r) => n + r.count, 0),
      offsets: joinArrays(all.map((r) => r.offsets)),
      vals: joinArrays(all.map((r) => r.vals)),
    };
  });
}

/**
 * Calls `each(ts, value)` for every point of a stored chunk. A chunk whose arrays do not parse or
 * disagree in length yields nothing rather than points paired wrongly.
 */
export function eachChunkPoint(
  row: { bucket: number | bigint; offsets: string; vals: string },
  each: (ts: number, value: number) => void,
): void {
  let offsets: unknown;
  let vals: unknown;
  try {
    offsets = JSON.parse(row.offsets);
    vals = JSON.parse(row.vals);
  } catch {
    return;
  }
  if (!Array.isArray(offsets) || !Array.isArray(vals) || offsets.length !== vals.length) return;
  const bucket = Number(row.bucket);
  for (let i = 0; i < offsets.length; i++) {
    const o = offsets[i];
    const v = vals[i];
    if (typeof o === 'number' && typeof v === 'number') each(bucket + o, v);
  }
}

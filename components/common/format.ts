// Number formatting shared by charts and tables.
export const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`);
export const pct = (v: number) => `${v.toFixed(1)}%`;
export const perSec = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)}/s`;
export function bytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

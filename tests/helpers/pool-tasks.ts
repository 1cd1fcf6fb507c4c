// Tasks for the worker-pool test: each misbehaves in one way a real task could.
export const length = (bytes: Uint8Array) => bytes.byteLength;
export const fail = (message: string) => {
  throw new Error(message);
};
export function spin(ms: number): number {
  const until = Date.now() + ms;
  let n = 0;
  while (Date.now() < until) n++;
  return n;
}
export function exit(): never {
  process.exit(3);
}
export function hog(): number {
  const kept: number[][] = [];
  for (;;) kept.push(new Array(1_000_000).fill(kept.length));
}
export const wait = (ms: number) => new Promise((r) => setTimeout(() => r(ms), ms));

// Kubernetes resource quantities ("250m", "1.5", "128974848", "129Mi", "1G", "12345n") as numbers,
// as the API's own resource.Quantity reads them. CPU comes in cores, memory in bytes.
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function quantity(q: string): number {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) throw new Error(`not a Kubernetes quantity: ${q}`);
  return Number(m[1]) * (SUFFIX[m[2] ?? ''] as number);
}

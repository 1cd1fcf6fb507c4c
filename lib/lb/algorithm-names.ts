// The load-balancing algorithms by name (no Node imports: the console's client code lists them too).
export const ALGORITHMS = [
  'round-robin',
  'least-connections',
  'weighted-round-robin',
  'ip-hash',
  'least-response-time',
  'power-of-two',
  'random',
] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

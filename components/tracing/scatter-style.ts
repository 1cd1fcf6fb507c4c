// Pure: how the trace scatter plot tells traces with errors from the rest — a different hue and a
// different shape, so the two never read alike (the console's primary colour is itself a red).
export interface DotStyle {
  fill: string;
  shape: 'circle' | 'triangle';
  name: string;
}

export function scatterStyles(palette: { info: string; error: string }): { ok: DotStyle; error: DotStyle } {
  return {
    ok: { fill: palette.info, shape: 'circle', name: 'traces' },
    error: { fill: palette.error, shape: 'triangle', name: 'traces with errors' },
  };
}

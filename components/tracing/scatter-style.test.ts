import { hsl } from 'd3';
import { describe, expect, it } from 'vitest';
import { createTheme } from '@mui/material/styles';
import { scatterStyles } from './scatter-style';

describe('trace scatter dots', () => {
  it.each(['light', 'dark'] as const)('errors and the rest differ in hue and shape (%s)', (mode) => {
    const { palette } = createTheme({ palette: { mode, primary: { main: mode === 'light' ? '#c62828' : '#ef5350' } } });
    const s = scatterStyles({ info: palette.info.main, error: palette.error.main });
    const dh = Math.abs(hsl(s.ok.fill).h - hsl(s.error.fill).h);
    expect(Math.min(dh, 360 - dh)).toBeGreaterThan(90);
    expect(s.ok.shape).not.toBe(s.error.shape);
  });
});

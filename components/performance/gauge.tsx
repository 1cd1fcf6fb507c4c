'use client';
// A half-circle gauge (D3 arcs) of a current value against its threshold.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { arc } from 'd3';

export function Gauge({
  id,
  label,
  value,
  threshold,
  max = 100,
  unit = '%',
}: {
  /** a stable name for tests and links; the label may change with what the gauge measures */
  id: string;
  label: string;
  value: number | null;
  threshold: number;
  max?: number;
  unit?: string;
}) {
  const theme = useTheme();
  const angle = (v: number) => -Math.PI / 2 + (Math.min(Math.max(v, 0), max) / max) * Math.PI;
  const shape = arc<{ start: number; end: number }>()
    .innerRadius(58)
    .outerRadius(76)
    .startAngle((d) => d.start)
    .endAngle((d) => d.end)
    .cornerRadius(3);
  const color =
    value === null
      ? theme.palette.text.disabled
      : value > threshold
        ? theme.palette.error.main
        : value > threshold * 0.85
          ? theme.palette.warning.main
          : theme.palette.success.main;
  return (
    <Box sx={{ textAlign: 'center' }} data-testid={`gauge-${id}`}>
      <svg
        viewBox="-80 -80 160 90"
        width="100%"
        style={{ maxWidth: 220 }}
        role="img"
        aria-label={`${label} ${value === null ? 'not measured' : `${value.toFixed(1)}${unit}`}, threshold ${threshold}${unit}`}
      >
        <path d={shape({ start: -Math.PI / 2, end: Math.PI / 2 }) ?? ''} fill={theme.palette.action.hover} />
        {value === null ? null : <path d={shape({ start: -Math.PI / 2, end: angle(value) }) ?? ''} fill={color} />}
        <line
          x1={0}
          y1={-56}
          x2={0}
          y2={-80}
          stroke={theme.palette.text.secondary}
          strokeWidth={2}
          transform={`rotate(${(angle(threshold) * 180) / Math.PI})`}
        />
        <text x={0} y={-8} textAnchor="middle" fontSize={20} fontWeight={600} fill={theme.palette.text.primary}>
          {value === null ? '—' : `${value.toFixed(1)}${unit}`}
        </text>
      </svg>
      <Typography variant="body2" color="text.secondary">
        {label} · threshold {threshold}
        {unit}
      </Typography>
    </Box>
  );
}

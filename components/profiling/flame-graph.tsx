'use client';
// The flame graph: drawn on a canvas (a 20,000-frame profile in well under half a second), laid
// out with D3's scales. Click a frame to zoom into it (the breadcrumb zooms back out), search to
// highlight, hide frames under a share, switch between the aggregated left-heavy view and the
// time-ordered chart, and — given a baseline — colour every frame by how its share changed.
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useColorScheme } from '@mui/material/styles';
import { scaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { diffTree, type FlameNode, flameChart, flameTree } from '@/lib/profiling/flame';
import type { Profile } from '@/lib/profiling/model';
import { type FlameRect, hit, indexByDepth, layoutChart, layoutTree, pathTo, rectColor } from './flame-layout';

const ROW = 18;

export interface FlameSelection {
  frame: number;
  total: number;
  self: number;
}

function formatValue(v: number, unit: Profile['unit']): string {
  if (unit === 'bytes') return v >= 2 ** 20 ? `${(v / 2 ** 20).toFixed(1)} MiB` : `${(v / 1024).toFixed(1)} KiB`;
  if (unit === 'microseconds') return v >= 1e6 ? `${(v / 1e6).toFixed(2)} s` : `${(v / 1e3).toFixed(1)} ms`;
  return `${Math.round(v)} samples`;
}

export function FlameGraph({
  profile,
  baseline,
  onSelect,
  testId = 'flame-graph',
}: {
  profile: Profile;
  /** overlay: colour by the change of each frame's share from this profile */
  baseline?: Profile;
  onSelect?: (s: FlameSelection) => void;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [view, setView] = useState<'left-heavy' | 'time'>('left-heavy');
  const [search, setSearch] = useState('');
  const [minPct, setMinPct] = useState(0);
  const [zoom, setZoom] = useState<FlameNode | null>(null);
  const [hover, setHover] = useState<FlameRect | null>(null);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const { mode, systemMode } = useColorScheme();
  const dark = (mode === 'system' ? systemMode : mode) === 'dark';

  const built = useMemo(() => {
    const t0 = performance.now();
    const tree = baseline ? diffTree(baseline, profile).tree : flameTree(profile);
    return { tree, ms: performance.now() - t0 };
  }, [profile, baseline]);
  const tree = built.tree;
  const chart = useMemo(() => (view === 'time' ? flameChart(profile) : []), [profile, view]);
  const root = zoom ?? tree;
  const layout = useMemo(() => {
    const t0 = performance.now();
    const l = view === 'time' && chart.length ? layoutChart(chart, minPct / 100) : layoutTree(root, minPct / 100);
    const rows = indexByDepth(l.rects);
    return { ...l, rows, layoutMs: performance.now() - t0 };
  }, [view, chart, root, minPct]);
  const needle = search.trim().toLowerCase();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.max(200, Math.floor(e?.contentRect.width ?? 800))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const t0 = performance.now();
    const ratio = window.devicePixelRatio || 1;
    const height = layout.depth * ROW;
    c.width = width * ratio;
    c.height = height * ratio;
    c.style.width = `${width}px`;
    c.style.height = `${height}px`;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const x = scaleLinear().domain([0, 1]).range([0, width]);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // One colour string per function, not per rectangle (a 20k-frame profile has many of each).
    const colours = new Map<number, string>();
    const colourOf = (r: (typeof layout.rects)[number]) => {
      if (baseline) return rectColor(r, profile.frames, dark, true);
      let c = colours.get(r.frame);
      if (c === undefined) {
        c = r.frame < 0 ? (dark ? '#666' : '#bbb') : rectColor(r, profile.frames, dark, false);
        colours.set(r.frame, c);
      }
      return c;
    };
    for (const r of layout.rects) {
      const px = x(r.x);
      const pw = Math.max(0.5, x(r.w) - x(0) - 0.5);
      const f = profile.frames[r.frame];
      const matched = !needle || (f?.name.toLowerCase().includes(needle) ?? false);
      ctx.globalAlpha = matched ? 1 : 0.25;
      ctx.fillStyle = colourOf(r);
      ctx.fillRect(px, r.depth * ROW, pw, ROW - 1);
      if (pw > 28) {
        ctx.fillStyle = dark ? '#fff' : '#111';
        const label = r.frame < 0 ? 'all' : (f?.name ?? '?');
        const fit = Math.floor((pw - 6) / 6.2);
        ctx.fillText(
          label.length > fit ? `${label.slice(0, Math.max(1, fit - 1))}…` : label,
          px + 3,
          r.depth * ROW + ROW / 2,
        );
      }
    }
    ctx.globalAlpha = 1;
    // What the flame graph itself costs: its tree, layout and drawing (not the page around it).
    setRenderMs(built.ms + layout.layoutMs + performance.now() - t0);
  }, [built, layout, width, profile.frames, needle, dark, baseline]);

  const at = (e: React.MouseEvent<HTMLCanvasElement>): FlameRect | undefined => {
    const rect = (e.target as HTMLCanvasElement).getBoundingClientRect();
    return hit(layout.rows, (e.clientX - rect.left) / width, Math.floor((e.clientY - rect.top) / ROW));
  };
  const crumbs = zoom ? pathTo(tree, zoom) : [tree];
  const total = tree.total || 1;
  const hf = hover ? profile.frames[hover.frame] : undefined;

  return (
    <Box ref={box} data-testid={testId} data-render-ms={renderMs ?? ''} data-nodes={layout.rects.length}>
      <Stack direction="row" spacing={2} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={view}
          onChange={(_, v) => v && setView(v)}
          aria-label="Flame graph view"
        >
          <ToggleButton value="left-heavy">Left-heavy</ToggleButton>
          <ToggleButton value="time" disabled={!profile.timeline?.length}>
            Time order
          </ToggleButton>
        </ToggleButtonGroup>
        <TextField size="small" label="Search functions" value={search} onChange={(e) => setSearch(e.target.value)} />
        <Box sx={{ width: 180 }}>
          <Typography variant="caption" id="min-pct">
            Hide under {minPct.toFixed(1)}%
          </Typography>
          <Slider
            size="small"
            min={0}
            max={5}
            step={0.1}
            value={minPct}
            onChange={(_, v) => setMinPct(v as number)}
            aria-labelledby="min-pct"
          />
        </Box>
        {baseline && (
          <Typography variant="caption" color="text.secondary">
            Red: a larger share than in the baseline; blue: smaller; grey: the same.
          </Typography>
        )}
      </Stack>
      {view === 'left-heavy' && (
        <Breadcrumbs sx={{ mb: 0.5, fontSize: 13 }} aria-label="Zoom">
          {crumbs.map((n, i) => (
            <Link
              key={`${n.frame}-${i}`}
              component="button"
              underline="hover"
              onClick={() => setZoom(i === 0 ? null : n)}
            >
              {n.frame < 0 ? 'all' : (profile.frames[n.frame]?.name ?? '?')}
            </Link>
          ))}
        </Breadcrumbs>
      )}
      {/* Bounded to the viewport with a scroll of its own: a deep profile does not make the page thousands of pixels tall. */}
      <Box data-testid={`${testId}-viewport`} sx={{ maxHeight: '65vh', overflowY: 'auto' }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Flame graph of ${layout.rects.length} frames; the function table below lists the same data`}
          style={{ display: 'block', cursor: 'pointer' }}
          onMouseMove={(e) => setHover(at(e) ?? null)}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const r = at(e);
            if (!r) return;
            if (r.node && view === 'left-heavy' && r.node !== root) setZoom(r.node);
            if (r.frame >= 0) onSelect?.({ frame: r.frame, total: r.total, self: r.self });
          }}
        />
      </Box>
      <Typography variant="caption" component="div" sx={{ minHeight: 20, mt: 0.5 }} data-testid={`${testId}-hover`}>
        {hover && hf
          ? `${hf.name} — ${formatValue(hover.total, profile.unit)} (${((hover.total / total) * 100).toFixed(1)}%)${
              hover.before !== undefined && hover.after !== undefined
                ? `, ${(hover.before * 100).toFixed(1)}% → ${(hover.after * 100).toFixed(1)}%`
                : ''
            }${hf.file ? ` · ${hf.file.split('/').slice(-2).join('/')}:${hf.line}` : ''}`
          : 'Hover a frame for its share; click to zoom and to open it in the function table'}
      </Typography>
    </Box>
  );
}

// The ratio gates' floors, one place, each with its reason. A floor sits below today's figure by
// about the spread this 2-core machine shows between runs, so a per-request regression fails the
// gate while an ordinary run passes; where the issue set a target the floor does not meet yet, the
// reason says so (the gate keeps today's level, the target stays open).
import type { GateFloor } from '../lib/bench/gate';
import type { FigureKey } from '../lib/profiling/bench-figures';

export const FLOORS: Partial<Record<FigureKey, GateFloor & { what: string; peer: string }>> = {
  'gate/imagesCached': {
    what: 'cached variants/s, signed delivery /d/',
    peer: "Next.js's /_next/image, cached, same server",
    floor: 0.9,
    reason: 'target ≥ 1.0×; runs on 2026-12-07 gave 1.1–1.6×',
  },
  'gate/imagesApiCached': {
    what: 'cached variants/s, images API with a token',
    peer: 'signed delivery /d/, cached',
    floor: 0.6,
    reason:
      'target ≥ 0.8×: the token read is answered before Next.js (lib/delivery/api-read.ts); 0.78–1.1× on 2026-12-07, was 0.23–0.35× through the route',
  },
  'gate/imagesCold': {
    what: 'cold variants/s (resize + WebP encode), /d/',
    peer: "Next.js's /_next/image, cold",
    floor: 0.8,
    reason: 'target ≥ 1.0×; the same libvips underneath, today ~1.0×',
  },
  'gate/imagesColdVips': {
    what: 'cold variants/s, /d/',
    peer: 'the vipsthumbnail CLI, a process per image',
    floor: 1.0,
    reason: 'target ≥ 0.8×; today 1.4× with 30 variants, 2.4× with 60 (the CLI pays a process start per image)',
  },
  'gate/ingest': {
    what: 'metric points/s stored, SQLite',
    peer: 'VictoriaMetrics /api/v1/import, the same points',
    floor: 0.05,
    reason: 'today ~0.07–0.09×; target ≥ 0.25× not met',
  },
  'gate/proxy': {
    what: 'proxied requests/s at saturation (wrk, 64 connections)',
    peer: 'nginx, one worker, the same two backends',
    floor: 0.6,
    reason: 'the target ≥ 0.6×; today 0.84–1.03×',
  },
  'gate/tracing': {
    what: 'OTLP spans/s stored (protobuf, 512 spans × 20 attributes)',
    peer: 'the same rows inserted straight into SQLite by prepared statements',
    floor: 0.08,
    reason: 'today 0.13×: the floor any ingest path has: decode, validate and answer cost on top of the insert',
  },
};

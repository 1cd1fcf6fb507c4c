// A profile frame's file:line in the built JavaScript, mapped back to the TypeScript it came from
// through the build's source maps (@jridgewell/trace-mapping). Only maps beside files under the
// project's own build folder are read; any other path a profile names is answered "no map".
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { once, slot } from '../process/registry';

/** parsed source maps of the build, by file (at most 50) */
const MAPS = slot<Map<string, TraceMap | null>>('sourceMaps');

function mapFor(file: string): TraceMap | null {
  const cache = once(MAPS, () => new Map());
  if (cache.has(file)) return cache.get(file) ?? null;
  const mapFile = `${file}.map`;
  const map = existsSync(mapFile) ? new TraceMap(readFileSync(mapFile, 'utf8')) : null;
  if (cache.size > 50) cache.delete(cache.keys().next().value as string);
  cache.set(file, map);
  return map;
}

export interface OriginalPosition {
  source: string;
  line: number;
  column: number;
  name: string | null;
}

/** The original position of a frame (1-based line and column), or null without a map. */
export function originalPosition(file: string, line: number, column: number): OriginalPosition | null {
  let abs: string;
  try {
    abs = path.resolve(file.startsWith('file://') ? fileURLToPath(file) : file);
  } catch {
    return null;
  }
  const build = path.resolve('.next');
  if (!abs.startsWith(`${build}${path.sep}`) || !abs.endsWith('.js')) return null;
  const map = mapFor(abs);
  if (!map) return null;
  const pos = originalPositionFor(map, { line, column: Math.max(0, column - 1) });
  if (!pos.source || pos.line === null) return null;
  // Turbopack names sources like "turbopack:///[project]/lib/x.ts"; show the project-relative path.
  const source = pos.source.replace(/^turbopack:\/\/\/\[project\]\//, '').replace(/^file:\/\//, '');
  return { source, line: pos.line, column: (pos.column ?? 0) + 1, name: pos.name };
}

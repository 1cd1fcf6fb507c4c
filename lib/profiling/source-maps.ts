// A profile frame's file:line in the built JavaScript, mapped back to the TypeScript it came from
// through the build's source maps (@jridgewell/trace-mapping). Only maps beside files under the
// project's own build folder are read; any other path a profile names is answered "no map".
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlattenMap, originalPositionFor, sourceContentFor, type TraceMap } from '@jridgewell/trace-mapping';
import { once, slot } from '../process/registry';
import type { Frame, Profile } from './model';

/** parsed source maps of the build, by file (a few: one chunk's map is up to several MB parsed) */
const MAPS = slot<Map<string, TraceMap | null>>('sourceMaps');
/** original function names by "file line col", for profiles of Redline itself (the maps are not kept) */
const NAMES = slot<Map<string, string | null>>('sourceMapNames');

/** A built file's map (plain or sectioned: Turbopack writes sectioned ones), or null. */
function readMap(file: string): TraceMap | null {
  const mapFile = `${file}.map`;
  try {
    return existsSync(mapFile) ? FlattenMap(readFileSync(mapFile, 'utf8')) : null;
  } catch {
    return null; // a map that does not parse is no map
  }
}

function mapFor(file: string): TraceMap | null {
  const cache = once(MAPS, () => new Map());
  if (cache.has(file)) return cache.get(file) ?? null;
  const map = readMap(file);
  if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
  cache.set(file, map);
  return map;
}

/** The absolute path of a built file a frame names, or null for anything outside the build. */
function builtFile(file: string): string | null {
  if (!file.endsWith('.js')) return null;
  let abs: string;
  try {
    abs = path.resolve(file.startsWith('file://') ? fileURLToPath(file) : file);
  } catch {
    return null;
  }
  return abs.startsWith(`${path.resolve('.next')}${path.sep}`) ? abs : null;
}

const KEYWORDS = new Set(['export', 'default', 'async', 'function', 'class', 'new', 'return', 'await', 'const', 'let']);

/**
 * The name at a frame's original position. The minifier's maps name few positions, but V8 places a
 * function at its name, and the map carries each source's text: the identifier written there is it.
 */
function originalName(map: TraceMap, f: Frame, lines: Map<string, string[]>): string | null {
  const pos = originalPositionFor(map, { line: f.line, column: Math.max(0, f.col - 1) });
  if (pos.name) return pos.name;
  if (!pos.source || pos.line === null) return null;
  let text = lines.get(pos.source);
  if (!text) {
    text = sourceContentFor(map, pos.source)?.split('\n') ?? [];
    lines.set(pos.source, text);
  }
  const line = text[pos.line - 1];
  if (line === undefined) return null; // a map without the source's text
  const col = pos.column ?? 0;
  const written = /^[A-Za-z_$][\w$]*/.exec(line.slice(col))?.[0];
  if (written && !KEYWORDS.has(written)) return written;
  // An anonymous function (an arrow, `async (…)`, `function (…)`) is named by what it is assigned
  // to: `const handle = async (`, `handle: Handler = (`, `{ handle: (`. One assigned to nothing is
  // anonymous in the source, whatever name V8 gave its minified form.
  // Read right to left (the text before the position, reversed), so each pattern is anchored.
  const before = [...line.slice(Math.max(0, col - 300), col)].reverse().join('');
  const name = /^\s*=\s*(?:[\w$.<>[\] |&]*:\s*)?([\w$]+)/.exec(before)?.[1] ?? /^\s*:\s*([\w$]+)/.exec(before)?.[1];
  return name && /^[A-Za-z_$]/.test(name.at(-1) ?? '') ? [...name].reverse().join('') : '(anonymous)';
}

/**
 * The profile with Redline's own functions named as in its source: the server build is minified
 * (an idle instance holds ~100 MB less), and its maps give the name at each function's position.
 * Frames of other code, or without a name there, keep theirs. Each map is parsed once for the
 * positions not known yet and let go; only the names are remembered.
 */
export function withOriginalNames(profile: Profile): Profile {
  const names = once(NAMES, () => new Map());
  const key = (f: Frame) => `${f.file}\u0000${f.line}\u0000${f.col}`;
  const missing = new Map<string, Frame[]>();
  for (const f of profile.frames) {
    if (names.has(key(f))) continue;
    const abs = builtFile(f.file);
    if (abs) missing.set(abs, [...(missing.get(abs) ?? []), f]);
  }
  if (names.size > 200_000) names.clear();
  for (const [abs, frames] of missing) {
    const map = readMap(abs);
    const lines = new Map<string, string[]>();
    for (const f of frames) names.set(key(f), map ? originalName(map, f, lines) : null);
  }
  let renamed = false;
  const frames = profile.frames.map((f) => {
    const name = names.get(key(f));
    if (!name || name === f.name) return f;
    renamed = true;
    return { ...f, name };
  });
  return renamed ? { ...profile, frames } : profile;
}

export interface OriginalPosition {
  source: string;
  line: number;
  column: number;
  name: string | null;
}

/** The original position of a frame (1-based line and column), or null without a map. */
export function originalPosition(file: string, line: number, column: number): OriginalPosition | null {
  const abs = builtFile(file);
  if (!abs) return null;
  const map = mapFor(abs);
  if (!map) return null;
  const pos = originalPositionFor(map, { line, column: Math.max(0, column - 1) });
  if (!pos.source || pos.line === null) return null;
  // Turbopack names sources "turbopack:///[project]/lib/x.ts" or relative to the map
  // ("../../../lib/x.ts"); show the project-relative path.
  const source = pos.source
    .replace(/^turbopack:\/\/\/\[project\]\//, '')
    .replace(/^file:\/\//, '')
    .replace(/^(\.\.\/)+/, '');
  return { source, line: pos.line, column: (pos.column ?? 0) + 1, name: pos.name };
}

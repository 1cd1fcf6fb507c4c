// Local sources: a path under the media root (MEDIA_ROOT) or public/. The path is resolved and
// its real path (symlinks followed) must stay inside one of the roots.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { once, slot } from '../process/registry';

/**
 * Real paths resolved in the last second, by the path asked for: resolving the root and the file
 * was a sixth of a cached delivery's CPU. The confinement check runs on every answer, kept or not,
 * and the file is still stat'ed each time (a symlink changed meanwhile serves its old in-root
 * target for at most a second).
 */
const REAL_PATHS = slot<Map<string, { real: string | null; at: number }>>('realPaths');
const REAL_PATH_TTL_MS = 1_000;

/** The real path, or null when there is nothing there (a miss is kept too: roots are tried in turn). */
async function realpathSoon(p: string): Promise<string | null> {
  const memo = once(REAL_PATHS, () => new Map());
  const now = Date.now();
  const known = memo.get(p);
  if (known && now - known.at < REAL_PATH_TTL_MS) return known.real;
  const real = await fs.realpath(p).catch(() => null);
  if (memo.size >= 4_096) memo.clear();
  memo.set(p, { real, at: now });
  return real;
}

export class SourceRefused extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'not_found' | 'too_large',
  ) {
    super(message);
    this.name = 'SourceRefused';
  }
}

/** Pure: the relative path a src names, or the reason it cannot name one. */
export function relativeSource(src: string): string {
  if (src.includes('\0')) throw new SourceRefused('the path contains a NUL byte', 'refused');
  let decoded: string;
  try {
    decoded = decodeURIComponent(src.split(/[?#]/)[0] ?? '');
  } catch {
    throw new SourceRefused('the path is not valid percent-encoding', 'refused');
  }
  const parts = decoded.replace(/\\/g, '/').split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.'))
    throw new SourceRefused('the path may not contain . or .. segments', 'refused');
  if (!parts.length) throw new SourceRefused('the path names no file', 'refused');
  return parts.join('/');
}

export interface LocalRef {
  file: string;
  size: number;
  mtimeMs: number;
}

/** Where a src lives (confined to the roots), without reading it. */
export async function findLocal(src: string, roots: readonly string[], maxBytes: number): Promise<LocalRef> {
  const rel = relativeSource(src);
  for (const root of roots) {
    const realRoot = await realpathSoon(root);
    if (!realRoot) continue; // a root that does not exist holds nothing
    const real = await realpathSoon(path.join(realRoot, rel));
    if (!real) continue;
    if (real !== realRoot && !real.startsWith(realRoot + path.sep))
      throw new SourceRefused('the path leads outside the media root', 'refused');
    const stat = await fs.stat(real).catch(() => null); // gone since its path was resolved
    if (!stat?.isFile()) continue;
    if (stat.size > maxBytes)
      throw new SourceRefused(`the source is ${stat.size} bytes; at most ${maxBytes}`, 'too_large');
    return { file: real, size: stat.size, mtimeMs: stat.mtimeMs };
  }
  throw new SourceRefused(`no file ${rel} under the media root or public/`, 'not_found');
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { once, peek, put, slot } from './registry';

const TEST = slot<string>('registryTest');

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', 'generated', '.e2e', 'data'].includes(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) sources(full, out);
    else if (/\.(ts|tsx|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

describe('the process registry', () => {
  it('makes an object once and hands the same one back', () => {
    put(TEST, undefined);
    expect(peek(TEST)).toBeUndefined();
    expect(once(TEST, () => 'a')).toBe('a');
    expect(once(TEST, () => 'b')).toBe('a');
    // Another bundle's copy of the slot (same name) reaches the same object.
    expect(peek(slot<string>('registryTest'))).toBe('a');
    put(TEST, undefined);
    expect(peek(TEST)).toBeUndefined();
  });

  it('is the only place that keeps process state on globalThis', () => {
    const offenders = ['app', 'lib', 'components', 'server.ts', 'instrumentation.ts']
      .flatMap((p) => (p.includes('.') ? [path.join(root, p)] : sources(path.join(root, p))))
      .filter((f) => !f.endsWith(path.join('lib', 'process', 'registry.ts')))
      .filter((f) => /globalThis|__redline/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('is where module-level mutable state lives: any other says in one line why not', () => {
    // Top-level `let`, empty containers and caches: each copy Next's bundles make would be its own.
    const MUTABLE =
      /^(export )?(let |const \w+(: [^=]+)? = (new (Map|WeakMap)\b|new (Set|WeakSet)(<[^>]*>)?\(\)|\[\]|\{\}|newCaches\(\)))/;
    const offenders: string[] = [];
    for (const f of sources(path.join(root, 'lib'))) {
      if (f.endsWith(path.join('lib', 'process', 'registry.ts'))) continue;
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!MUTABLE.test(line)) return;
        // "// Module state: why" just above (or above the run of declarations it heads).
        let k = i - 1;
        while (k >= 0 && MUTABLE.test(lines[k] ?? '')) k--;
        if (!(lines[k] ?? '').startsWith('// Module state: ')) offenders.push(`${path.relative(root, f)}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});

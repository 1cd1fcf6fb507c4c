// The project's own documents stay true to the code: every lib/ domain and components/ family is
// named in ARCHITECTURE.md, the README stays a newcomer's page, links between documents resolve,
// and files that say they are pure import nothing that does I/O.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const read = (p: string) => readFileSync(path.join(root, p), 'utf8');
const dirs = (p: string) =>
  readdirSync(path.join(root, p), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'generated') files(rel, out);
    } else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

describe('ARCHITECTURE.md', () => {
  const arch = read('ARCHITECTURE.md');
  it('names every lib/ domain', () => {
    expect(dirs('lib').filter((d) => !arch.includes(`\`${d}\``))).toEqual([]);
  });
  it('names every components/ family', () => {
    expect(dirs('components').filter((d) => !arch.includes(`\`${d}\``))).toEqual([]);
  });
});

describe('the documents', () => {
  const pages = [
    'README.md',
    'ARCHITECTURE.md',
    ...readdirSync(path.join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];

  it('keep the README a page a newcomer reads in minutes', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(175);
  });

  it('link only to files that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const m of read(page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1] ?? '';
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(path.join(root, path.dirname(page), target))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name features by what they do, not by the documents they came from', () => {
    expect(pages.filter((p) => /\bseeds?\s+0\d\d\b/i.test(read(p)))).toEqual([]);
  });
});

describe('pure files', () => {
  const IO =
    /^import (?!type )[^;]*from '(node:fs|node:child_process|node:http|node:https|pg|ioredis|sharp|nodemailer|@prisma\/[^']*|@kubernetes\/[^']*|(\.\.?\/)+(db|redis|metrics)(\/index)?)'/m;
  it('import nothing that does I/O', () => {
    const offenders = files('lib')
      .filter((f) => read(f).startsWith('// Pure'))
      .filter((f) => IO.test(read(f)));
    expect(offenders).toEqual([]);
  });
});

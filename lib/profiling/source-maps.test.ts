import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from './model';
import { originalPosition, withOriginalNames } from './source-maps';

// A minified chunk as the build writes it: one function `a` whose map names it answerQuestion, with
// a plain map and a sectioned (index) one, as Turbopack writes.
const DIR = path.resolve('.next', `source-map-test-${process.pid}`);
const plain = {
  version: 3,
  sources: ['../../lib/answers.ts'],
  names: ['answerQuestion'],
  mappings: 'AAAAA', // generated 1:0 → lib/answers.ts 1:0, named answerQuestion
};
const frame = (file: string, name = 'a') => ({ name, file, line: 1, col: 1 });
const profile = (files: string[]): Profile => ({
  unit: 'microseconds',
  frames: [...files.map((f) => frame(f)), { name: 'fetch', file: 'node:internal/deps/undici', line: 1, col: 1 }],
  stacks: [{ frames: [0], value: 10 }],
});

describe('source maps of the build', () => {
  beforeAll(() => {
    mkdirSync(DIR, { recursive: true });
    for (const f of ['plain.js', 'sectioned.js', 'broken.js', 'unnamed.js'])
      writeFileSync(path.join(DIR, f), 'function a(){return 42}');
    writeFileSync(path.join(DIR, 'plain.js.map'), JSON.stringify(plain));
    writeFileSync(
      path.join(DIR, 'sectioned.js.map'),
      JSON.stringify({ version: 3, sections: [{ offset: { line: 0, column: 0 }, map: plain }] }),
    );
    writeFileSync(path.join(DIR, 'broken.js.map'), '{"version":3,');
    // As the minifier writes most positions: no name, the source's text alongside.
    writeFileSync(
      path.join(DIR, 'unnamed.js.map'),
      JSON.stringify({
        version: 3,
        sources: ['../../lib/q.ts'],
        sourcesContent: [
          'export async function querySeries(db) {}\nexport default async function () {}\nconst nowUs = () => 1;\n  const handle: Handler = async (req) => {};\nconst o = { route: () => 2, b: 1, 7: () => 3 };',
        ],
        names: [],
        // 1:0 → 1:22 (querySeries); 2:0 → 2:0 (an anonymous function); 3:0 → 3:14 (an arrow assigned);
        // 4:0 → 4:26 (typed, `async`); 5:0 → 5:19 (a property); 6:0 → 5:37 (a key that is no name)
        mappings: 'AAAsB;AACtB;AACc;AACY;AACP;AAAkB',
      }),
    );
  });
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it('names minified frames of the build, plain or sectioned maps, and leaves the rest', () => {
    const named = withOriginalNames(
      profile([path.join(DIR, 'plain.js'), path.join(DIR, 'sectioned.js'), path.join(DIR, 'broken.js')]),
    );
    expect(named.frames.map((f) => f.name)).toEqual(['answerQuestion', 'answerQuestion', 'a', 'fetch']);
    // Twice: the second time from the remembered names.
    expect(withOriginalNames(profile([path.join(DIR, 'plain.js')])).frames[0]?.name).toBe('answerQuestion');
  });

  it('reads the name written at the original position when the map names none', () => {
    const file = path.join(DIR, 'unnamed.js');
    const named = withOriginalNames({
      unit: 'microseconds',
      frames: [1, 2, 3, 4, 5, 6].map((line) => ({ name: 'x', file, line, col: 1 })),
      stacks: [{ frames: [0, 1, 2, 3, 4, 5], value: 10 }],
    });
    expect(named.frames.map((f) => f.name)).toEqual([
      'querySeries',
      '(anonymous)',
      'nowUs',
      'handle',
      'route',
      '(anonymous)',
    ]);
  });

  it('reads no file outside the build', () => {
    const outside = path.resolve('package.json');
    expect(withOriginalNames(profile([outside])).frames[0]?.name).toBe('a');
    expect(originalPosition('/etc/passwd', 1, 1)).toBeNull();
    expect(originalPosition(path.join(DIR, '..', '..', 'server.ts'), 1, 1)).toBeNull();
  });

  it('gives a frame its source position, project-relative', () => {
    expect(originalPosition(path.join(DIR, 'sectioned.js'), 1, 1)).toEqual({
      source: 'lib/answers.ts',
      line: 1,
      column: 1,
      name: 'answerQuestion',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { Profile } from '../profiling/model';
import { costByPart, type FrameSource, outsideOf, partOf } from './cost';

describe('cost by part', () => {
  it('names Redline parts from their sources', () => {
    expect(partOf('lib/tracing/self.ts')).toBe('tracing');
    expect(partOf('./lib/server/admission.ts')).toBe('server/admission');
    expect(partOf('server.ts')).toBe('server.ts');
    expect(partOf('app/api/settings/route.ts')).toBe('route handlers');
    expect(partOf('node_modules/next/dist/server/base-server.js')).toBeNull();
  });

  it('gives each sample to its innermost Redline frame, or to where it ran outside Redline', () => {
    const src: FrameSource[] = [
      { source: 'node_modules/next/dist/server/next-server.js', file: '', name: 'handle' },
      { source: 'lib/api/route.ts', file: '', name: 'handle' },
      { source: 'lib/tracing/self.ts', file: '', name: 'endTrace' },
      { source: 'node_modules/@prisma/client/runtime.js', file: '', name: 'query' },
      { source: '', file: '', name: '(garbage collector)' },
    ];
    const profile: Profile = {
      unit: 'microseconds',
      frames: src.map((s) => ({ name: s.name, file: s.source, line: 1, col: 1 })),
      stacks: [
        { frames: [0, 1, 2, 3], value: 300 }, // Prisma under tracing: tracing's
        { frames: [0, 1], value: 200 },
        { frames: [0], value: 100 },
        { frames: [4], value: 50 },
      ],
    };
    const cost = costByPart(profile, (i) => src[i] as FrameSource);
    expect(Object.fromEntries(cost)).toEqual({ tracing: 300, api: 200, 'Next.js': 100, GC: 50 });
    expect(outsideOf({ source: '', file: 'node:internal/streams', name: 'read' })).toBe('Node.js and native');
    expect(outsideOf({ source: 'node_modules/sharp/lib/index.js', file: '', name: 'x' })).toBe('sharp');
  });
});

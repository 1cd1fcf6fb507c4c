import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version';

describe('nodeVersionProblem', () => {
  it.each([
    ['v20.16.0', false],
    ['v20.20.2', false],
    ['v22.1.0', false],
    ['v20.15.1', true],
    ['v18.20.0', true],
  ])('%s → refused: %s', (v, refused) => {
    expect(nodeVersionProblem(v) !== undefined).toBe(refused);
  });

  it('names the version it needs', () => {
    expect(nodeVersionProblem('v20.11.0')).toContain('20.16');
  });
});

import { describe, expect, it } from 'vitest';
import { quantity } from './quantity';

describe('Kubernetes quantities', () => {
  it('reads CPU in cores and memory in bytes, decimal and binary suffixes', () => {
    expect(quantity('250m')).toBeCloseTo(0.25);
    expect(quantity('123456789n')).toBeCloseTo(0.123456789);
    expect(quantity('2')).toBe(2);
    expect(quantity('1.5')).toBe(1.5);
    expect(quantity('129Mi')).toBe(129 * 1_048_576);
    expect(quantity('1536Ki')).toBe(1_572_864);
    expect(quantity('1G')).toBe(1e9);
    expect(quantity('1e3')).toBe(1000);
  });
  it('refuses what is not a quantity', () => {
    expect(() => quantity('12 Mi')).toThrow(/not a Kubernetes quantity/);
    expect(() => quantity('Mi')).toThrow();
    expect(() => quantity('')).toThrow();
  });
});

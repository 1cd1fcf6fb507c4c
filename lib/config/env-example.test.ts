// .env.example documents every variable the schema reads, and nothing it does not.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { envSchema } from './env-schema';

it('.env.example lists exactly the variables Redline reads', () => {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8');
  const documented = new Set([...text.matchAll(/\b([A-Z][A-Z0-9_]{2,})=/g)].map((m) => m[1]));
  const read = Object.keys(envSchema.shape).filter((k) => k !== 'NODE_ENV');
  expect(read.filter((k) => !documented.has(k))).toEqual([]);
  expect([...documented].filter((k) => !read.includes(k as string))).toEqual([]);
});

// Pure: SQL with its literals replaced by placeholders, so the same query with other values is
// one slow query, not thousands.
import { createHash } from 'node:crypto';

export function normalizeSql(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?') // string literals
    .replace(/\b0x[0-9a-f]+\b/gi, '?')
    .replace(/(?<![\w$."`])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?') // numbers not part of names
    .replace(/\$\d+/g, '?') // PostgreSQL parameters
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?+)') // IN (?, ?, …) of any length
    .replace(/\s+/g, ' ')
    .trim();
}

export const fingerprintOf = (normalized: string) => createHash('sha1').update(normalized).digest('hex').slice(0, 16);

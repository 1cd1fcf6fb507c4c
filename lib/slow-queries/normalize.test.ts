import { describe, expect, it } from 'vitest';
import { fingerprintOf, normalizeSql } from './normalize';

describe('normalizeSql', () => {
  it.each([
    [`SELECT * FROM "User" WHERE email = 'a@b.c' AND age > 42`, 'SELECT * FROM "User" WHERE email = ? AND age > ?'],
    [`SELECT 1 FROM t WHERE id IN (1, 2, 3)`, 'SELECT ? FROM t WHERE id IN (?+)'],
    [`SELECT * FROM t WHERE a = $1 AND b IN ($2,$3)`, 'SELECT * FROM t WHERE a = ? AND b IN (?+)'],
    [`SELECT "t1"."col2" FROM "t1" LIMIT 10 OFFSET 20`, 'SELECT "t1"."col2" FROM "t1" LIMIT ? OFFSET ?'],
    [`UPDATE t SET name = 'O''Brien',\n   n = -1.5e3`, 'UPDATE t SET name = ?, n = ?'],
  ])('%s', (sql, expected) => {
    expect(normalizeSql(sql)).toBe(expected);
  });

  it('gives the same fingerprint to the same query with other literals', () => {
    expect(fingerprintOf(normalizeSql("SELECT * FROM t WHERE id = 1 AND s = 'x'"))).toBe(
      fingerprintOf(normalizeSql("SELECT * FROM t WHERE id = 99 AND s = 'yy'")),
    );
  });
});

// npm run budgets -- --url http://redline:3000 --token rl_… [--figures figures.json]
// The CI entry point: optionally records benchmark figures ({"figures":[{"key","value"}]}), then
// asks Redline to check every performance budget and every figure's regression, prints the
// verdicts and exits 1 on a breach or a regression (2 when Redline cannot be asked).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.REDLINE_URL ?? 'http://127.0.0.1:3000' },
    token: { type: 'string', default: process.env.REDLINE_TOKEN },
    figures: { type: 'string' },
    window: { type: 'string', default: '15' },
  },
});
if (!values.token) {
  console.error('budgets: pass --token (or REDLINE_TOKEN): an API token with the operator role');
  process.exit(2);
}
const headers = { authorization: `Bearer ${values.token}`, 'content-type': 'application/json' };
try {
  if (values.figures) {
    const r = await fetch(`${values.url}/api/profiling/figures`, {
      method: 'POST',
      headers,
      body: readFileSync(values.figures, 'utf8'),
    });
    if (!r.ok) throw new Error(`recording figures: HTTP ${r.status} ${await r.text()}`);
  }
  const res = await fetch(`${values.url}/api/profiling/budgets/check?windowMinutes=${values.window}`, { headers });
  if (!res.ok) throw new Error(`check: HTTP ${res.status} ${await res.text()}`);
  const v = (await res.json()) as {
    ok: boolean;
    checks: { subject: string; thresholdMs: number; value: number | null; ok: boolean; detail: string }[];
    regressions: { key: string; regressed: boolean; unknown: boolean; baseline: number | null; latest: number }[];
  };
  for (const c of v.checks)
    console.log(`${c.ok ? 'ok  ' : 'FAIL'} budget ${c.subject} ≤ ${c.thresholdMs}: ${c.value ?? '—'} (${c.detail})`);
  for (const r of v.regressions)
    console.log(
      `${r.regressed ? 'FAIL' : 'ok  '} ${r.key}: ${r.latest}${r.unknown ? ' (too few runs to compare)' : ` against ${r.baseline?.toFixed(3)}`}`,
    );
  console.log(v.ok ? 'budgets: pass' : 'budgets: FAIL');
  process.exit(v.ok ? 0 : 1);
} catch (err) {
  console.error(`budgets: ${(err as Error).message}`);
  process.exit(2);
}

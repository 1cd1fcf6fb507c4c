// Pure: folded stacks (Brendan Gregg's flamegraph.pl input: "frame;frame;… count" per line) in and out.
import { type Profile, ProfileBuilder, type ProfileUnit } from '../model';
import { FormatError, type ReadBudget } from './limits';

export function toFolded(p: Profile): string {
  const name = (i: number) => (p.frames[i]?.name ?? '?').replace(/[;\n]/g, '_') || '(anonymous)';
  return `${p.stacks.map((s) => `${s.frames.map(name).join(';')} ${Math.round(s.value)}`).join('\n')}\n`;
}

/** Text whose first line is "frames… count" (checked by hand: no regex over an upload). */
export function looksFolded(text: string): boolean {
  if (text.includes('\u0000')) return false;
  const first =
    text
      .slice(0, 4_096)
      .split('\n')
      .find((l) => l.trim()) ?? '';
  const sp = first.trimEnd().lastIndexOf(' ');
  return sp > 0 && Number.isFinite(Number(first.trimEnd().slice(sp + 1)));
}

export function readFolded(text: string, unit: ProfileUnit, budget: ReadBudget): Profile {
  const b = new ProfileBuilder(unit);
  let n = 0;
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to).trim();
    from = to + 1;
    if (!line) continue;
    n++;
    budget.count('lines', n, budget.limits.maxSamples);
    const sp = line.lastIndexOf(' ');
    const value = Number(line.slice(sp + 1));
    if (sp < 0 || !Number.isFinite(value) || value < 0)
      throw new FormatError(`line ${n}: expected "frame;frame;… count"`);
    const names = line.slice(0, sp).split(';', budget.limits.maxDepth + 1);
    budget.stack(names.length);
    if (b.frames.length > budget.limits.maxNodes)
      throw new FormatError(`more than ${budget.limits.maxNodes} distinct frames`);
    b.add(
      names.map((name) => b.frame({ name: name.slice(0, 4_096), file: '', line: 0, col: 0 })),
      value,
    );
  }
  if (n === 0) throw new FormatError('no stacks');
  return b.build();
}

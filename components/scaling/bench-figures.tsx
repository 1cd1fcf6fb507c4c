'use client';
// One proxy benchmark run's figures: Redline's proxy beside nginx's (and direct) on the same two
// instances in the same run, each against its target, and beside a bare Node pipe: what any proxy
// written in Node adds at the least, on this machine, and beside the control: direct measured twice
// in each round, how far a round's figure moves with nothing added (older runs lack either).
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  best,
  CARRIED_SHARE,
  comparableRounds,
  medianOf,
  type ProxyBenchResult,
  repeatDifference,
} from '@/lib/bench/proxy-result';

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
const num = (v: number | null, unit = '') => (v === null ? '—' : `${v < 10 ? v.toFixed(2) : fmt(v)}${unit}`);

function Target({ met, label }: { met: boolean | null; label: string }) {
  if (met === null) return <Chip size="small" label="not measured" />;
  return <Chip size="small" color={met ? 'success' : 'warning'} label={`${met ? 'met' : 'not met'}: ${label}`} />;
}

export function BenchFigures({ r }: { r: ProxyBenchResult }) {
  const heyR = best(r.saturation.hey.redline);
  const heyN = best(r.saturation.hey.nginx);
  const wrkR = best(r.saturation.wrk.redline);
  const wrkN = best(r.saturation.wrk.nginx);
  const ratioMet = r.ratio.hey === null ? null : r.ratio.hey >= r.targets.ratio;
  const p99Met = r.addedP99.redline === null ? null : r.addedP99.redline <= r.targets.addedP99Ms;
  const floor = r.addedP99.nodePipe !== undefined;
  const compared = comparableRounds(r.halfLoad).length;
  const leftOut = r.halfLoad.rounds.length - compared;
  const floorCell = (v: string) => (floor ? <TableCell align="right">{v}</TableCell> : null);
  const repeat = repeatDifference(r.halfLoad);
  return (
    <>
      <Table size="small" aria-label="Proxy benchmark figures">
        <TableHead>
          <TableRow>
            <TableCell>Figure</TableCell>
            <TableCell align="right">Redline</TableCell>
            <TableCell align="right">nginx</TableCell>
            {floor && (
              <TableCell align="right">
                <abbr title="A bare Node TCP pipe in front of the same instances: no parsing, no routing. What any proxy written in Node adds at the least.">
                  Node pipe (floor)
                </abbr>
              </TableCell>
            )}
            <TableCell align="right">Direct</TableCell>
            <TableCell>Target</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <TableCell>Requests/s at saturation, best of 2 (hey)</TableCell>
            <TableCell align="right">{num(heyR)}</TableCell>
            <TableCell align="right">{num(heyN)}</TableCell>
            {floorCell('—')}
            <TableCell align="right">—</TableCell>
            <TableCell>
              <Target met={ratioMet} label={`${num(r.ratio.hey, '×')} nginx, ≥ ${r.targets.ratio}×`} />
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell>Requests/s at saturation, best of 2 (wrk)</TableCell>
            <TableCell align="right">{num(wrkR)}</TableCell>
            <TableCell align="right">{num(wrkN)}</TableCell>
            {floorCell('—')}
            <TableCell align="right">—</TableCell>
            <TableCell>{num(r.ratio.wrk, '×')} nginx</TableCell>
          </TableRow>
          <TableRow>
            <TableCell>p99 at half load, median round (ms)</TableCell>
            <TableCell align="right">{num(medianOf(r, 'redline', 'p99'))}</TableCell>
            <TableCell align="right">{num(medianOf(r, 'nginx', 'p99'))}</TableCell>
            {floorCell(num(medianOf(r, 'nodePipe', 'p99')))}
            <TableCell align="right">{num(medianOf(r, 'direct', 'p99'))}</TableCell>
            <TableCell />
          </TableRow>
          <TableRow>
            <TableCell>Added p99 over direct, median of {compared} rounds (ms)</TableCell>
            <TableCell align="right">{num(r.addedP99.redline)}</TableCell>
            <TableCell align="right">{num(r.addedP99.nginx)}</TableCell>
            {floorCell(num(r.addedP99.nodePipe ?? null))}
            <TableCell align="right">—</TableCell>
            <TableCell>
              <Target met={p99Met} label={`≤ ${r.targets.addedP99Ms} ms`} />
            </TableCell>
          </TableRow>
          {repeat && (
            <TableRow>
              <TableCell>
                <abbr title="Direct was measured twice in each round. Nothing is added between the two, so their difference is how far one round's figure moves on this machine.">
                  Direct measured twice: p99s apart
                </abbr>
                , median / largest of {repeat.rounds} rounds (ms)
              </TableCell>
              <TableCell align="right">—</TableCell>
              <TableCell align="right">—</TableCell>
              {floorCell('—')}
              <TableCell align="right">
                {num(repeat.median)} / {num(repeat.max)}
              </TableCell>
              <TableCell />
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
        {r.seconds} s per load run, {r.connections} connections at saturation; half load = {fmt(r.halfLoad.offeredRps)}{' '}
        req/s offered to each.
        {leftOut > 0
          ? ` ${leftOut} of ${r.halfLoad.rounds.length} half-load rounds were left out: a path carried less than ${CARRIED_SHARE * 100}% of what another carried in the same round, held up by something else on the machine.`
          : ''}{' '}
        Measured on {r.cpus} cores with a load average of {r.loadAvg.toFixed(2)} when the run began: the load generator,
        the proxies and both instances share them.
        {floor &&
        r.addedP99.nodePipe != null &&
        r.addedP99.redline != null &&
        r.addedP99.nodePipe > r.targets.addedP99Ms
          ? ` The bare Node pipe alone added ${num(r.addedP99.nodePipe)} ms: more than the ${r.targets.addedP99Ms} ms target before any of a proxy's own work (parsing, routing, counting).`
          : ''}
        {repeat && r.addedP99.redline !== null && Math.abs(r.addedP99.redline - r.targets.addedP99Ms) < repeat.median
          ? ` Redline's added p99 is closer to the target than direct's two measurements were to each other: this run does not settle the target either way.`
          : ''}
      </Typography>
    </>
  );
}

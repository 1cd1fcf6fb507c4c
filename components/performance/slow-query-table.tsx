'use client';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { ms, when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import type { SlowQueryView } from '@/lib/slow-queries';

const HEADER = ['sql', 'route', 'count', 'total_ms', 'mean_ms', 'p95_ms', 'max_ms', 'first_seen', 'last_seen'];

/** Queries over the slow-query threshold, by total time, with the route that issued them. */
export function SlowQueryTable({ rows, thresholdMs }: { rows: SlowQueryView[]; thresholdMs: number | undefined }) {
  return (
    <SectionCard
      title="Slow queries"
      subheader={
        thresholdMs !== undefined
          ? `Over ${ms(thresholdMs)} (Settings → monitoring.slowQueryThresholdMs), literals replaced by ?`
          : undefined
      }
      action={
        rows.length ? (
          <CsvButton
            filename="slow-queries"
            header={HEADER}
            rows={() =>
              rows.map((q) => [q.sql, q.route, q.count, q.totalMs, q.meanMs, q.p95Ms, q.maxMs, q.firstSeen, q.lastSeen])
            }
          />
        ) : undefined
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="No slow queries in this range">
          Queries slower than the threshold are recorded here with their normalized SQL and the route that issued them.
        </EmptyState>
      ) : (
        <Table size="small" data-testid="slow-query-table">
          <TableHead>
            <TableRow>
              <TableCell>SQL</TableCell>
              <TableCell>Route</TableCell>
              <TableCell align="right">Calls</TableCell>
              <TableCell align="right">Total</TableCell>
              <TableCell align="right">Mean</TableCell>
              <TableCell align="right">p95</TableCell>
              <TableCell align="right">Max</TableCell>
              <TableCell>Last seen</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((q) => (
              <TableRow key={`${q.fingerprint}:${q.route}`}>
                <TableCell
                  sx={{ maxWidth: 420, fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-word' }}
                  title={q.sql}
                >
                  {q.sql.length > 240 ? `${q.sql.slice(0, 240)}…` : q.sql}
                </TableCell>
                <TableCell>
                  <code>{q.route}</code>
                </TableCell>
                <TableCell align="right">{q.count}</TableCell>
                <TableCell align="right">{ms(q.totalMs)}</TableCell>
                <TableCell align="right">{ms(q.meanMs)}</TableCell>
                <TableCell align="right">{q.p95Ms === null ? '—' : ms(q.p95Ms)}</TableCell>
                <TableCell align="right">{ms(q.maxMs)}</TableCell>
                <TableCell>{when(q.lastSeen)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}

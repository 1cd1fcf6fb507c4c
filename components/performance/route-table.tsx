'use client';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { useState } from 'react';
import { EmptyState } from '@/components/common/empty-state';
import { ms } from '@/components/common/format';
import type { SeriesResult } from '@/lib/client/types';

type Key = 'count' | 'avg' | 'max';

/** Per-route totals over the selected range, sortable. */
export function RouteTable({ result, isLoading }: { result: SeriesResult | undefined; isLoading: boolean }) {
  const [sort, setSort] = useState<Key>('count');
  if (isLoading && !result) return <Skeleton variant="rounded" height={120} />;
  const rows = (result?.series ?? []).map((s) => ({ route: s.labels.route ?? '?', method: s.labels.method ?? '?', ...s.total })).sort((a, b) => b[sort] - a[sort]);
  if (rows.length === 0) return <EmptyState title="No requests in this range">Requests to the console&apos;s API appear here as they are served.</EmptyState>;
  const head = (k: Key, label: string) => (
    <TableCell align="right" sortDirection={sort === k ? 'desc' : false}>
      <TableSortLabel active={sort === k} direction="desc" onClick={() => setSort(k)}>
        {label}
      </TableSortLabel>
    </TableCell>
  );
  return (
    <Table size="small" data-testid="route-table">
      <TableHead>
        <TableRow>
          <TableCell>Route</TableCell>
          <TableCell>Method</TableCell>
          {head('count', 'Requests')}
          {head('avg', 'Mean')}
          {head('max', 'Max')}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.method} ${r.route}`}>
            <TableCell>
              <code>{r.route}</code>
            </TableCell>
            <TableCell>{r.method}</TableCell>
            <TableCell align="right">{r.count}</TableCell>
            <TableCell align="right">{ms(r.avg)}</TableCell>
            <TableCell align="right">{ms(r.max)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

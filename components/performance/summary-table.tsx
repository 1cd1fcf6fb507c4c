'use client';
// Per-group figures (count, rate, error rate, p50/p95/p99, max), sortable, exportable.
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { useState } from 'react';
import { CsvButton } from '@/components/common/csv-button';
import { EmptyState } from '@/components/common/empty-state';
import { ms, pct, perSec } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import type { SummaryRow } from '@/lib/performance/summary';

type Key = 'count' | 'ratePerSec' | 'errorRate' | 'p50' | 'p95' | 'p99' | 'max';
const COLUMNS: { key: Key; label: string; fmt: (v: number) => string }[] = [
  { key: 'count', label: 'Requests', fmt: (v) => String(v) },
  { key: 'ratePerSec', label: 'Rate', fmt: perSec },
  { key: 'errorRate', label: 'Errors', fmt: (v) => pct(v * 100) },
  { key: 'p50', label: 'p50', fmt: ms },
  { key: 'p95', label: 'p95', fmt: ms },
  { key: 'p99', label: 'p99', fmt: ms },
  { key: 'max', label: 'Max', fmt: ms },
];

export function SummaryTable({
  title,
  rows,
  labels,
  budgetMs,
  testId,
}: {
  title: string;
  rows: SummaryRow[];
  labels: string[];
  budgetMs?: number;
  testId: string;
}) {
  const [sort, setSort] = useState<Key>('count');
  const sorted = [...rows].sort((a, b) => (b[sort] ?? -1) - (a[sort] ?? -1));
  const csv = () => sorted.map((r) => [...labels.map((l) => r.labels[l]), ...COLUMNS.map((c) => r[c.key])]);
  return (
    <SectionCard
      title={title}
      action={
        rows.length ? (
          <CsvButton filename={testId} header={[...labels, ...COLUMNS.map((c) => c.key)]} rows={csv} />
        ) : undefined
      }
    >
      {rows.length === 0 ? (
        <EmptyState title="Nothing measured in this range">
          Widen the time range, or send metrics from your services to /api/ingest/metrics.
        </EmptyState>
      ) : (
        <Table size="small" data-testid={testId}>
          <TableHead>
            <TableRow>
              {labels.map((l) => (
                <TableCell key={l}>{l}</TableCell>
              ))}
              {COLUMNS.map((c) => (
                <TableCell key={c.key} align="right" sortDirection={sort === c.key ? 'desc' : false}>
                  <TableSortLabel active={sort === c.key} direction="desc" onClick={() => setSort(c.key)}>
                    {c.label}
                  </TableSortLabel>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {sorted.map((r) => (
              <TableRow key={JSON.stringify(r.labels)}>
                {labels.map((l) => (
                  <TableCell key={l}>
                    <code>{r.labels[l] ?? '—'}</code>
                  </TableCell>
                ))}
                {COLUMNS.map((c) => {
                  const v = r[c.key];
                  const over =
                    budgetMs !== undefined && (c.key === 'p95' || c.key === 'p99') && v !== null && v > budgetMs;
                  return (
                    <TableCell
                      key={c.key}
                      align="right"
                      sx={over ? { color: 'error.main', fontWeight: 600 } : undefined}
                    >
                      {v === null ? '—' : c.fmt(v)}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SectionCard>
  );
}

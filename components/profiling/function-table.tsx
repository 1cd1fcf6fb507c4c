'use client';
// Functions by self or total time (or bytes), and for the one selected its callers and callees —
// speedscope's "sandwich" — with its place in the TypeScript source where the build has a map.
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TablePagination from '@mui/material/TablePagination';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { CsvButton } from '@/components/common/csv-button';
import { useSourcePosition } from '@/lib/hooks/use-profiling';
import { callersAndCallees, functionTable, type Profile } from '@/lib/profiling/model';

const pct = (v: number, total: number) => `${((v / (total || 1)) * 100).toFixed(1)}%`;
/** A frame's place as the tables show it: the last two path segments and the line. */
export const where = (file: string, line: number) =>
  file ? `${file.split('/').slice(-2).join('/')}:${line}` : '(native)';

function SourceLine({ file, line, col }: { file: string; line: number; col: number }) {
  const { data } = useSourcePosition(file || undefined, line, col);
  const p = data?.position;
  return (
    <Typography variant="body2" data-testid="frame-source">
      {where(file, line)}
      {p ? ` → ${p.source}:${p.line}` : ''}
    </Typography>
  );
}

export function FunctionTable({
  profile,
  selected,
  onSelect,
}: {
  profile: Profile;
  selected: number | null;
  onSelect: (frame: number) => void;
}) {
  const [sort, setSort] = useState<'self' | 'total'>('self');
  const [page, setPage] = useState(0);
  const [perPage, setPerPage] = useState(25);
  const rows = useMemo(() => functionTable(profile), [profile]);
  const total = useMemo(() => profile.stacks.reduce((n, s) => n + s.value, 0), [profile]);
  // Paged: a profile can have thousands of functions, and every row in the page costs layout.
  const sorted = useMemo(() => [...rows].sort((a, b) => b[sort] - a[sort]), [rows, sort]);
  const shown = sorted.slice(page * perPage, (page + 1) * perPage);
  const sandwich = useMemo(
    () => (selected === null ? null : callersAndCallees(profile, selected)),
    [profile, selected],
  );
  const sf = selected === null ? undefined : profile.frames[selected];
  const list = (m: Map<number, number>, title: string) => (
    <Grid size={{ xs: 12, md: 6 }}>
      <Typography variant="subtitle2">{title}</Typography>
      {m.size === 0 ? (
        <Typography variant="body2" color="text.secondary">
          none
        </Typography>
      ) : (
        [...m]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 10)
          .map(([f, v]) => (
            <Typography key={f} variant="body2" sx={{ cursor: 'pointer' }} onClick={() => onSelect(f)}>
              {pct(v, total)} {profile.frames[f]?.name}
            </Typography>
          ))
      )}
    </Grid>
  );
  return (
    <Box>
      {sf && sandwich && (
        <Box sx={{ mb: 2, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }} data-testid="sandwich">
          <Typography variant="subtitle1">{sf.name}</Typography>
          <SourceLine file={sf.file} line={sf.line} col={sf.col} />
          <Grid container spacing={2} sx={{ mt: 1 }}>
            {list(sandwich.callers, 'Called by')}
            {list(sandwich.callees, 'Calls')}
          </Grid>
        </Box>
      )}
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography variant="subtitle2">Functions ({rows.length})</Typography>
        <CsvButton
          filename="functions"
          header={['function', 'file', 'line', 'self', 'total', 'self %', 'total %']}
          rows={() =>
            rows.map((r) => [r.name, r.file, r.line, r.self, r.total, pct(r.self, total), pct(r.total, total)])
          }
        />
      </Box>
      <Table size="small" data-testid="function-table">
        <TableHead>
          <TableRow>
            <TableCell>Function</TableCell>
            <TableCell>Where</TableCell>
            {(['self', 'total'] as const).map((k) => (
              <TableCell key={k} align="right" sortDirection={sort === k ? 'desc' : false}>
                <TableSortLabel
                  active={sort === k}
                  direction="desc"
                  onClick={() => {
                    setSort(k);
                    setPage(0);
                  }}
                >
                  {k === 'self' ? 'Self' : 'Total'}
                </TableSortLabel>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((r) => (
            <TableRow
              key={r.frame}
              hover
              selected={r.frame === selected}
              onClick={() => onSelect(r.frame)}
              sx={{ cursor: 'pointer' }}
            >
              <TableCell sx={{ fontFamily: 'monospace' }}>{r.name}</TableCell>
              <TableCell sx={{ color: 'text.secondary' }}>{where(r.file, r.line)}</TableCell>
              <TableCell align="right">{pct(r.self, total)}</TableCell>
              <TableCell align="right">{pct(r.total, total)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={sorted.length}
        page={Math.min(page, Math.max(0, Math.ceil(sorted.length / perPage) - 1))}
        onPageChange={(_, p) => setPage(p)}
        rowsPerPage={perPage}
        rowsPerPageOptions={[25, 50, 100]}
        onRowsPerPageChange={(e) => {
          setPerPage(Number(e.target.value));
          setPage(0);
        }}
      />
    </Box>
  );
}

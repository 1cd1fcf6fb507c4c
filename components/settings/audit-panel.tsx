'use client';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { when } from '@/components/common/format';
import { useAudit } from '@/lib/hooks/use-audit';

const COLOR = { success: 'success', denied: 'warning', invalid: 'default', error: 'error' } as const;

/** Every mutating request: who, what, when, from where, with which parameters, and how it ended. */
export function AuditPanel() {
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [outcome, setOutcome] = useState('');
  const { data, error, isLoading } = useAudit(page + 1, pageSize, outcome || undefined);
  if (error) return <Alert severity="error">{error.message}</Alert>;
  return (
    <Stack spacing={1}>
      <TextField
        select
        size="small"
        label="Outcome"
        value={outcome}
        onChange={(e) => {
          setOutcome(e.target.value);
          setPage(0);
        }}
        sx={{ width: 180 }}
      >
        <MenuItem value="">All</MenuItem>
        {Object.keys(COLOR).map((o) => (
          <MenuItem key={o} value={o}>
            {o}
          </MenuItem>
        ))}
      </TextField>
      {isLoading || !data ? (
        <Skeleton variant="rounded" height={200} />
      ) : (
        <>
          <Table size="small" data-testid="audit-table">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Who</TableCell>
                <TableCell>Action</TableCell>
                <TableCell>Source</TableCell>
                <TableCell>Parameters</TableCell>
                <TableCell>Outcome</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.data.map((r) => (
                <TableRow key={r.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{when(r.at)}</TableCell>
                  <TableCell>{r.actorLabel}</TableCell>
                  <TableCell>
                    <code>{r.action}</code>
                  </TableCell>
                  <TableCell>{r.sourceIp ?? '—'}</TableCell>
                  <TableCell
                    sx={{
                      maxWidth: 360,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                      fontFamily: 'monospace',
                      fontSize: 12,
                    }}
                    title={JSON.stringify(r.params)}
                  >
                    {JSON.stringify(r.params)}
                  </TableCell>
                  <TableCell>
                    <Chip size="small" label={`${r.outcome} ${r.status}`} color={COLOR[r.outcome]} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <TablePagination
            component="div"
            count={data.count}
            page={page}
            rowsPerPage={pageSize}
            onPageChange={(_, p) => setPage(p)}
            onRowsPerPageChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(0);
            }}
            rowsPerPageOptions={[25, 50, 100]}
          />
        </>
      )}
    </Stack>
  );
}

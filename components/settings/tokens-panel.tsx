'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { EmptyState } from '@/components/common/empty-state';
import { when } from '@/components/common/format';
import { useAction } from '@/components/common/use-action';
import { SectionCard } from '@/components/common/section-card';
import { mutate } from '@/lib/client/fetcher';
import type { Role, TokenRow } from '@/lib/client/types';
import { useTokens } from '@/lib/hooks/use-tokens';

export function TokensPanel() {
  const { data, error, isLoading, mutate: reload } = useTokens();
  const act = useAction(reload);
  const [form, setForm] = useState({ name: '', role: 'operator' as Role, expiresInDays: '' });
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  if (error) return <Alert severity="error">{error.message}</Alert>;
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Create an API token"
        subheader="For ingestion and automation: send it as Authorization: Bearer <token>"
      >
        <Stack
          component="form"
          direction={{ xs: 'column', md: 'row' }}
          spacing={1}
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await act(() =>
              mutate<{ token: string }>('POST', '/api/tokens', {
                name: form.name,
                role: form.role,
                ...(form.expiresInDays ? { expiresInDays: Number(form.expiresInDays) } : {}),
              }),
            );
            if (r) {
              setSecret(r.token);
              setForm({ name: '', role: 'operator', expiresInDays: '' });
            }
          }}
        >
          <TextField
            size="small"
            label="Name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <TextField
            size="small"
            select
            label="Role"
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
            sx={{ minWidth: 120 }}
          >
            {(['viewer', 'operator', 'admin'] as const).map((r) => (
              <MenuItem key={r} value={r}>
                {r}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label="Expires in days"
            type="number"
            value={form.expiresInDays}
            onChange={(e) => setForm({ ...form, expiresInDays: e.target.value })}
            helperText="empty: never"
          />
          <Button type="submit" variant="contained">
            Create token
          </Button>
        </Stack>
        {secret ? (
          <Alert severity="warning" sx={{ mt: 2 }} onClose={() => setSecret(null)}>
            Copy it now; it is stored only as a hash and will not be shown again:{' '}
            <code data-testid="new-token">{secret}</code>
          </Alert>
        ) : null}
      </SectionCard>
      {isLoading || !data ? (
        <Skeleton variant="rounded" height={120} />
      ) : data.data.length === 0 ? (
        <EmptyState title="No API tokens">
          Create one above for a service that sends metrics or a script that runs actions.
        </EmptyState>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Token</TableCell>
              <TableCell>Role</TableCell>
              <TableCell>Created</TableCell>
              <TableCell>Last used</TableCell>
              <TableCell>Status</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.data.map((t) => (
              <TableRow key={t.id}>
                <TableCell>{t.name}</TableCell>
                <TableCell>
                  <code>{t.prefix}…</code>
                </TableCell>
                <TableCell>{t.role}</TableCell>
                <TableCell>
                  {when(t.createdAt)} by {t.createdBy.email}
                </TableCell>
                <TableCell>{when(t.lastUsedAt)}</TableCell>
                <TableCell>
                  {t.revokedAt ? (
                    <Chip size="small" label="revoked" />
                  ) : t.expiresAt && new Date(t.expiresAt) < new Date() ? (
                    <Chip size="small" label="expired" />
                  ) : (
                    <Chip size="small" color="success" label="active" />
                  )}
                </TableCell>
                <TableCell align="right">
                  {t.revokedAt ? null : (
                    <Button size="small" color="error" onClick={() => setRevoking(t)}>
                      Revoke
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        open={revoking !== null}
        danger
        title={`Revoke ${revoking?.name}?`}
        confirmLabel="Revoke"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          const t = revoking;
          setRevoking(null);
          if (t) await act(() => mutate('DELETE', `/api/tokens/${t.id}`), `Revoked ${t.name}`);
        }}
      >
        Anything using this token is refused from now on.
      </ConfirmDialog>
    </Stack>
  );
}

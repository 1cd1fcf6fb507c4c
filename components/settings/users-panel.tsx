'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
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
import { when } from '@/components/common/format';
import { useAction } from '@/components/common/use-action';
import { SectionCard } from '@/components/common/section-card';
import { mutate } from '@/lib/client/fetcher';
import type { Role, UserRow } from '@/lib/client/types';
import { useUsers } from '@/lib/hooks/use-users';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

export function UsersPanel() {
  const { data, error, isLoading, mutate: reload } = useUsers();
  const act = useAction(reload);
  const [form, setForm] = useState({ email: '', name: '', role: 'viewer' as Role, password: '' });
  const [removing, setRemoving] = useState<UserRow | null>(null);
  if (error) return <Alert severity="error">{error.message}</Alert>;
  return (
    <Stack spacing={2}>
      <SectionCard title="Add a user">
        <Stack
          component="form"
          direction={{ xs: 'column', md: 'row' }}
          spacing={1}
          onSubmit={async (e) => {
            e.preventDefault();
            if (await act(() => mutate('POST', '/api/users', form), `Added ${form.email}`))
              setForm({ email: '', name: '', role: 'viewer', password: '' });
          }}
        >
          <TextField
            size="small"
            label="Email"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
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
            {ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {r}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label="Password"
            type="password"
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            helperText="10 characters or more"
          />
          <Button type="submit" variant="contained">
            Add user
          </Button>
        </Stack>
      </SectionCard>
      {isLoading || !data ? (
        <Skeleton variant="rounded" height={120} />
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Email</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Role</TableCell>
              <TableCell>Last sign-in</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.data.map((u) => (
              <TableRow key={u.id}>
                <TableCell>{u.email}</TableCell>
                <TableCell>{u.name}</TableCell>
                <TableCell>
                  <TextField
                    select
                    size="small"
                    value={u.role}
                    onChange={(e) =>
                      void act(
                        () => mutate('PATCH', `/api/users/${u.id}`, { role: e.target.value }),
                        `${u.email} is now ${e.target.value}`,
                      )
                    }
                    aria-label={`Role of ${u.email}`}
                  >
                    {ROLES.map((r) => (
                      <MenuItem key={r} value={r}>
                        {r}
                      </MenuItem>
                    ))}
                  </TextField>
                </TableCell>
                <TableCell>{when(u.lastLoginAt)}</TableCell>
                <TableCell align="right">
                  <Button size="small" color="error" onClick={() => setRemoving(u)}>
                    Delete
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        danger
        title={`Delete ${removing?.email}?`}
        confirmLabel="Delete user"
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          const u = removing;
          setRemoving(null);
          if (u) void act(() => mutate('DELETE', `/api/users/${u.id}`), `Deleted ${u.email}`);
        }}
      >
        Their sessions end and their API tokens are deleted. This cannot be undone.
      </ConfirmDialog>
    </Stack>
  );
}

'use client';
// Sign-in and first-admin setup share one form.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { mutate } from '@/lib/client/fetcher';

/** `next`: the page to return to after signing in (already checked by safeNext on the server). */
export function AuthForm({ mode, next = '/overview' }: { mode: 'login' | 'setup'; next?: string }) {
  const router = useRouter();
  const [form, setForm] = useState({ email: '', name: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setup = mode === 'setup';
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Paper variant="outlined" sx={{ p: 4, width: '100%', maxWidth: 400 }}>
        <Typography variant="h4" component="h1" sx={{ fontWeight: 700, color: 'primary.main' }}>
          Redline
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 3 }}>
          {setup ? 'No user exists yet. Create the first admin account.' : 'Sign in to the console'}
        </Typography>
        <Stack
          component="form"
          spacing={2}
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
              await mutate(
                'POST',
                setup ? '/api/setup' : '/api/auth/login',
                setup ? form : { email: form.email, password: form.password },
              );
              router.replace(next);
              router.refresh();
            } catch (err) {
              setError((err as Error).message);
              setBusy(false);
            }
          }}
        >
          {error ? <Alert severity="error">{error}</Alert> : null}
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
          {setup ? (
            <TextField
              label="Name"
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          ) : null}
          <TextField
            label="Password"
            type="password"
            autoComplete={setup ? 'new-password' : 'current-password'}
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            helperText={setup ? 'At least 10 characters' : undefined}
          />
          <Button type="submit" variant="contained" size="large" disabled={busy}>
            {setup ? 'Create admin and sign in' : 'Sign in'}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}

'use client';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { when } from '@/components/common/format';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import { useAlertChannels, useDeliveries } from '@/lib/hooks/use-alerts';

const EMPTY = { name: '', type: 'webhook', url: '', host: '', port: '587', from: '', to: '' };

function config(f: typeof EMPTY) {
  if (f.type === 'email')
    return {
      type: 'email',
      host: f.host,
      port: Number(f.port),
      secure: Number(f.port) === 465,
      from: f.from,
      to: f.to
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  return { type: f.type, url: f.url };
}

/** Where notifications go (admins add; operators test), and the log of every attempt. */
export function ChannelsPanel() {
  const channels = useAlertChannels();
  const deliveries = useDeliveries();
  const act = useAction(() => Promise.all([channels.mutate(), deliveries.mutate()]));
  const [f, setF] = useState(EMPTY);
  const [secret, setSecret] = useState<string | null>(null);
  const text = (k: keyof typeof EMPTY, label: string, width = 160) => (
    <TextField
      size="small"
      label={label}
      value={f[k]}
      sx={{ minWidth: width }}
      onChange={(e) => setF({ ...f, [k]: e.target.value })}
    />
  );
  return (
    <Stack spacing={2}>
      <SectionCard
        title="Notification channels"
        subheader="Webhooks are signed: X-Redline-Signature = sha256 HMAC of “timestamp.body” with the channel's secret"
      >
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={1}
          component="form"
          sx={{ flexWrap: 'wrap', rowGap: 1 }}
          onSubmit={async (e) => {
            e.preventDefault();
            const r = await act(
              () => mutate<{ secret?: string }>('POST', '/api/alerts/channels', { name: f.name, config: config(f) }),
              `Channel ${f.name} added`,
            );
            if (r) {
              setSecret(r.secret ?? null);
              setF(EMPTY);
            }
          }}
        >
          {text('name', 'Name')}
          <TextField
            size="small"
            select
            label="Type"
            value={f.type}
            onChange={(e) => setF({ ...f, type: e.target.value })}
            sx={{ minWidth: 120 }}
          >
            {['webhook', 'slack', 'email'].map((t) => (
              <MenuItem key={t} value={t}>
                {t}
              </MenuItem>
            ))}
          </TextField>
          {f.type === 'email' ? (
            <>
              {text('host', 'SMTP host')}
              {text('port', 'Port', 80)}
              {text('from', 'From')}
              {text('to', 'To (comma-separated)', 220)}
            </>
          ) : (
            text('url', f.type === 'slack' ? 'Incoming webhook URL' : 'URL', 320)
          )}
          <Button type="submit" variant="contained" disabled={!f.name}>
            Add channel
          </Button>
        </Stack>
        {secret ? (
          <Alert severity="warning" sx={{ mt: 1 }} onClose={() => setSecret(null)}>
            Signing secret (shown once): <code>{secret}</code>
          </Alert>
        ) : null}
        <Table size="small" sx={{ mt: 1 }}>
          <TableBody>
            {(channels.data?.data ?? []).map((c) => (
              <TableRow key={c.id}>
                <TableCell>{c.name}</TableCell>
                <TableCell>{c.type}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                  {String(
                    c.config.url ??
                      `${c.config.host}:${c.config.port} → ${(c.config.to as string[] | undefined)?.join(', ')}`,
                  )}
                </TableCell>
                <TableCell align="right">
                  <Button
                    size="small"
                    onClick={() =>
                      act(
                        () =>
                          mutate<{ status: string; lastError: string | null }>(
                            'POST',
                            `/api/alerts/channels/${c.id}/test`,
                          ),
                        (r) =>
                          r.status === 'sent'
                            ? `Test sent to ${c.name}`
                            : { message: `Test to ${c.name} ${r.status}: ${r.lastError}`, severity: 'error' },
                      )
                    }
                  >
                    Send test
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SectionCard>
      <SectionCard title="Delivery log">
        <Table size="small" data-testid="delivery-log">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Channel</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Attempts</TableCell>
              <TableCell>Last error</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(deliveries.data?.data ?? []).map((d) => (
              <TableRow key={d.id}>
                <TableCell>{when(d.createdAt)}</TableCell>
                <TableCell>{d.channel.name}</TableCell>
                <TableCell>{d.kind}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={`${d.status}${d.responseCode ? ` ${d.responseCode}` : ''}`}
                    color={d.status === 'sent' ? 'success' : d.status === 'failed' ? 'error' : 'default'}
                  />
                </TableCell>
                <TableCell align="right">{d.attempts}</TableCell>
                <TableCell sx={{ fontSize: 12 }}>{d.lastError ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SectionCard>
    </Stack>
  );
}

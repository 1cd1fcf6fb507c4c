'use client';
// The CDN edge behind purges: the provider set up in Settings (and what it still lacks), and the
// edge purges sent, newest first, with the provider's answer.
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { useCdnPurges } from '@/lib/hooks/use-cdn-purges';

type Edge = ReturnType<typeof useCdnPurges>['data'];

export function EdgeStatus({ edge }: { edge: Edge }) {
  if (!edge) return null;
  const p = edge.provider;
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        CDN edge
      </Typography>
      {p.provider === 'none' ? (
        <Alert severity="info" sx={{ my: 1 }}>
          No CDN provider is set up: purges drop Redline&apos;s own cached variants only. Choose Cloudflare, Fastly or
          CloudFront in <Link href="/settings/runtime">Settings → Runtime</Link> (cdn.provider); the API token stays in
          the environment.
        </Alert>
      ) : p.ready ? (
        <Typography variant="body2" sx={{ my: 1 }}>
          Purges also go to <Chip size="small" color="success" label={p.provider} />{' '}
          {p.provider === 'cloudflare'
            ? `zone ${p.zoneId} (${p.plan} plan limits)`
            : p.provider === 'fastly'
              ? `service ${p.serviceId}`
              : `distribution ${p.distributionId}`}
        </Typography>
      ) : (
        <Alert severity="warning" sx={{ my: 1 }}>
          {p.provider} is chosen but cannot purge yet: missing {p.missing.join(', ')}.
        </Alert>
      )}
      {edge.purges.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No edge purges yet.
        </Typography>
      ) : (
        <Table size="small" aria-label="Edge purge history">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Provider</TableCell>
              <TableCell>Purge</TableCell>
              <TableCell align="right">Requests</TableCell>
              <TableCell align="right">Waited (rate limit)</TableCell>
              <TableCell>Outcome</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {edge.purges.map((r, i) => (
              <TableRow key={`${r.at}-${i}`}>
                <TableCell>{new Date(r.at).toLocaleString()}</TableCell>
                <TableCell>{r.provider}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{r.description}</TableCell>
                <TableCell align="right">{r.requests}</TableCell>
                <TableCell align="right">{r.waitedMs ? `${(r.waitedMs / 1000).toFixed(1)} s` : '—'}</TableCell>
                <TableCell>
                  {r.ok ? (
                    <Chip
                      size="small"
                      color="success"
                      label={r.ids.length ? `ok · ${r.ids.slice(0, 2).join(', ')}` : 'ok'}
                    />
                  ) : (
                    <Chip size="small" color="error" label={r.error ?? 'failed'} />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

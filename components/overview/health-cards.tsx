'use client';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { bytes, ms } from '@/components/common/format';
import { useHealth } from '@/lib/hooks/use-health';

const COLOR = { ok: 'success', degraded: 'warning', down: 'error' } as const;

export function HealthCards() {
  const { data, error, isLoading } = useHealth();
  if (error) return <Alert severity="error">Health check failed: {error.message}</Alert>;
  if (isLoading || !data) return <Skeleton variant="rounded" height={96} />;
  const { database, redis, disk } = data.checks;
  const cards = [
    {
      title: 'Database',
      status: database.status,
      body: `${database.provider}${database.latencyMs !== undefined ? ` · ${ms(database.latencyMs)}` : ''}`,
      detail: database.detail,
    },
    {
      title: 'Shared store',
      status: redis.status,
      body:
        redis.mode === 'redis'
          ? `Redis${redis.latencyMs !== undefined ? ` · ${ms(redis.latencyMs)}` : ''}`
          : 'in-process (no REDIS_URL)',
      detail: redis.detail,
    },
    {
      title: 'Disk',
      status: disk.status,
      body:
        disk.freeBytes !== undefined ? `${bytes(disk.freeBytes)} free of ${bytes(disk.totalBytes ?? 0)}` : 'unknown',
      detail: disk.detail,
    },
  ];
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(3, 1fr)' } }}>
      {cards.map((c) => (
        <Paper
          key={c.title}
          variant="outlined"
          sx={{ p: 2 }}
          data-testid={`health-${c.title.toLowerCase().replace(' ', '-')}`}
        >
          <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography variant="subtitle2" color="text.secondary">
              {c.title}
            </Typography>
            <Chip size="small" label={c.status} color={COLOR[c.status]} />
          </Box>
          <Typography variant="h6">{c.body}</Typography>
          {c.detail ? (
            <Typography variant="caption" color="text.secondary">
              {c.detail}
            </Typography>
          ) : null}
        </Paper>
      ))}
    </Box>
  );
}

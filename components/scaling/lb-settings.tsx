'use client';
// The proxy's settings: algorithm, traffic split between pools, sticky sessions, health checks,
// and servers added by address. The server checks every field and names the one it refuses.
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import type { useLbConfig } from '@/lib/hooks/use-lb-config';
import { ALGORITHMS } from '@/lib/lb/algorithm-names';

type Config = NonNullable<ReturnType<typeof useLbConfig>['data']>;
const lb = (body: object) => mutate('PUT', '/api/optimization/load-balancer', body);

export function LbSettings({ config, pools, reload }: { config: Config; pools: string[]; reload: () => unknown }) {
  const act = useAction(reload);
  const [split, setSplit] = useState<Record<string, string>>(() =>
    Object.fromEntries(pools.map((p) => [p, String(config.split?.[p] ?? (p === 'stable' ? 100 : 0))])),
  );
  const [hc, setHc] = useState({
    path: config.healthCheck.path,
    intervalMs: String(config.healthCheck.intervalMs),
    timeoutMs: String(config.healthCheck.timeoutMs),
    rise: String(config.healthCheck.rise),
    fall: String(config.healthCheck.fall),
  });
  const [server, setServer] = useState({ id: '', url: '', weight: '1', pool: 'stable' });
  return (
    <Stack spacing={3}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label="Algorithm"
          value={config.algorithm}
          onChange={(e) =>
            void act(() => lb({ action: 'set-algorithm', algorithm: e.target.value }), `Algorithm: ${e.target.value}`)
          }
          sx={{ width: 240 }}
        >
          {ALGORITHMS.map((a) => (
            <MenuItem key={a} value={a}>
              {a}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Switch
              checked={config.sticky.enabled}
              onChange={(e) =>
                void act(
                  () => lb({ action: 'set-sticky', sticky: { ...config.sticky, enabled: e.target.checked } }),
                  e.target.checked ? 'Sticky sessions on' : 'Sticky sessions off',
                )
              }
            />
          }
          label={`Sticky sessions (cookie ${config.sticky.cookie}, ${Math.round(config.sticky.maxAgeMs / 60_000)} min)`}
        />
      </Stack>
      <div>
        <Typography variant="subtitle2" gutterBottom>
          Traffic split (canary, blue/green): weight per pool
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          {Object.entries(split).map(([pool, w]) => (
            <TextField
              key={pool}
              size="small"
              type="number"
              label={pool}
              value={w}
              onChange={(e) => setSplit({ ...split, [pool]: e.target.value })}
              sx={{ width: 110 }}
            />
          ))}
          <Button
            variant="outlined"
            onClick={() =>
              void act(
                () =>
                  lb({
                    action: 'set-split',
                    split: Object.fromEntries(Object.entries(split).map(([p, w]) => [p, Number(w)])),
                  }),
                'Split saved',
              )
            }
          >
            Apply split
          </Button>
          <Button onClick={() => void act(() => lb({ action: 'set-split', split: null }), 'Every pool alike')}>
            Every pool alike
          </Button>
          <Typography variant="caption" color="text.secondary">
            {config.split
              ? `Now: ${Object.entries(config.split)
                  .map(([p, w]) => `${p} ${w}`)
                  .join(', ')}`
              : 'Now: every pool alike'}
            . Set a server&apos;s pool when adding it.
          </Typography>
        </Stack>
      </div>
      <div>
        <Typography variant="subtitle2" gutterBottom>
          Active health checks
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label="Path"
            value={hc.path}
            onChange={(e) => setHc({ ...hc, path: e.target.value })}
            sx={{ width: 140 }}
          />
          <TextField
            size="small"
            type="number"
            label="Interval (ms)"
            value={hc.intervalMs}
            onChange={(e) => setHc({ ...hc, intervalMs: e.target.value })}
            sx={{ width: 130 }}
          />
          <TextField
            size="small"
            type="number"
            label="Timeout (ms)"
            value={hc.timeoutMs}
            onChange={(e) => setHc({ ...hc, timeoutMs: e.target.value })}
            sx={{ width: 130 }}
          />
          <TextField
            size="small"
            type="number"
            label="Rise"
            value={hc.rise}
            onChange={(e) => setHc({ ...hc, rise: e.target.value })}
            sx={{ width: 80 }}
          />
          <TextField
            size="small"
            type="number"
            label="Fall"
            value={hc.fall}
            onChange={(e) => setHc({ ...hc, fall: e.target.value })}
            sx={{ width: 80 }}
          />
          <Button
            variant="outlined"
            onClick={() =>
              void act(
                () =>
                  lb({
                    action: 'update-health-check',
                    healthCheck: {
                      path: hc.path,
                      intervalMs: Number(hc.intervalMs),
                      timeoutMs: Number(hc.timeoutMs),
                      rise: Number(hc.rise),
                      fall: Number(hc.fall),
                    },
                  }),
                'Health checks updated',
              )
            }
          >
            Save health checks
          </Button>
        </Stack>
      </div>
      <div>
        <Typography variant="subtitle2" gutterBottom>
          Add a server by address
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label="Id"
            value={server.id}
            onChange={(e) => setServer({ ...server, id: e.target.value })}
            sx={{ width: 140 }}
          />
          <TextField
            size="small"
            label="URL"
            placeholder="http://10.0.0.5:8080"
            value={server.url}
            onChange={(e) => setServer({ ...server, url: e.target.value })}
            sx={{ width: 240 }}
          />
          <TextField
            size="small"
            type="number"
            label="Weight"
            value={server.weight}
            onChange={(e) => setServer({ ...server, weight: e.target.value })}
            sx={{ width: 90 }}
          />
          <TextField
            size="small"
            label="Pool"
            value={server.pool}
            onChange={(e) => setServer({ ...server, pool: e.target.value })}
            sx={{ width: 110 }}
          />
          <Button
            variant="outlined"
            disabled={!server.id || !server.url}
            onClick={() =>
              void act(async () => {
                await mutate('POST', '/api/optimization/load-balancer', {
                  action: 'add-servers',
                  servers: [{ id: server.id, url: server.url, weight: Number(server.weight), pool: server.pool }],
                });
                setServer({ id: '', url: '', weight: '1', pool: 'stable' });
              }, `${server.id} added`)
            }
          >
            Add server
          </Button>
        </Stack>
      </div>
    </Stack>
  );
}

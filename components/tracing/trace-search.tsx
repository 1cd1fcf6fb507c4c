'use client';
// The trace search form: service and operation from what was seen, attribute filters with
// autocomplete of seen keys and values, a duration range and status. Filters live in the URL.
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { type FormEvent, useState } from 'react';
import { useTraceAttributes, useTraceServices } from '@/lib/hooks/use-tracing';

export interface TraceFilters {
  service: string;
  operation: string;
  attrs: string;
  minDurationMs: string;
  maxDurationMs: string;
  status: string;
}

export const FILTER_KEYS = ['service', 'operation', 'attrs', 'minDurationMs', 'maxDurationMs', 'status'] as const;

interface Pending {
  key: string;
  value: string;
}

/** A typed key/value as the filter it stands for; none while no key is typed. */
export const pendingPair = (p: Pending): string | null => (p.key.trim() ? `${p.key.trim()}=${p.value.trim()}` : null);

function AttributeFilter({
  service,
  pending,
  onPending,
  onAdd,
}: {
  service: string;
  pending: Pending;
  onPending: (p: Pending) => void;
  onAdd: (pair: string) => void;
}) {
  const { key, value } = pending;
  const setKey = (k: string) => onPending({ ...pending, key: k });
  const setValue = (v: string) => onPending({ ...pending, value: v });
  const keys = useTraceAttributes(service || undefined, undefined);
  const values = useTraceAttributes(service || undefined, key || undefined);
  const add = () => {
    const pair = pendingPair(pending);
    if (!pair) return;
    onAdd(pair);
    onPending({ key: '', value: '' });
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Autocomplete
        freeSolo
        size="small"
        sx={{ width: 200 }}
        options={(keys.data?.suggestions ?? []).map((s) => s.value)}
        inputValue={key}
        onInputChange={(_, v) => setKey(v)}
        renderInput={(p) => <TextField {...p} label="Attribute (span or resource)" />}
      />
      <Autocomplete
        freeSolo
        size="small"
        sx={{ width: 180 }}
        options={key ? (values.data?.suggestions ?? []).map((s) => s.value) : []}
        inputValue={value}
        onInputChange={(_, v) => setValue(v)}
        renderInput={(p) => (
          <TextField
            {...p}
            label="Value"
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
        )}
      />
      <Button size="small" onClick={add} disabled={!key.trim()}>
        Add filter
      </Button>
    </Stack>
  );
}

export function TraceSearch({ initial, onSearch }: { initial: TraceFilters; onSearch: (f: TraceFilters) => void }) {
  const [f, setF] = useState<TraceFilters>(initial);
  const [pending, setPending] = useState<Pending>({ key: '', value: '' });
  const services = useTraceServices();
  const list = services.data?.services ?? [];
  const operations = list.find((s) => s.service === f.service)?.operations ?? [];
  const set = (patch: Partial<TraceFilters>) => setF((prev) => ({ ...prev, ...patch }));
  const pairs = f.attrs ? f.attrs.split(';').filter(Boolean) : [];
  // A key and value typed but not yet added are part of the search, not silently left out.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const pair = pendingPair(pending);
    const next = pair && !pairs.includes(pair) ? { ...f, attrs: [...pairs, pair].join(';') } : f;
    setF(next);
    setPending({ key: '', value: '' });
    onSearch(next);
  };
  return (
    <form onSubmit={submit} aria-label="Search traces">
      <Stack spacing={1.5}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <TextField
            select
            size="small"
            label="Service"
            value={f.service}
            onChange={(e) => set({ service: e.target.value, operation: '' })}
            sx={{ minWidth: 200 }}
          >
            <MenuItem value="">all services</MenuItem>
            {list.map((s) => (
              <MenuItem key={s.service} value={s.service}>
                {s.service}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="Operation"
            value={f.operation}
            onChange={(e) => set({ operation: e.target.value })}
            sx={{ minWidth: 220 }}
            disabled={!f.service}
          >
            <MenuItem value="">all operations</MenuItem>
            {operations.map((o) => (
              <MenuItem key={o} value={o}>
                {o}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label="Min duration (ms)"
            type="number"
            value={f.minDurationMs}
            onChange={(e) => set({ minDurationMs: e.target.value })}
            sx={{ width: 175 }}
          />
          <TextField
            size="small"
            label="Max duration (ms)"
            type="number"
            value={f.maxDurationMs}
            onChange={(e) => set({ maxDurationMs: e.target.value })}
            sx={{ width: 175 }}
          />
          <TextField
            select
            size="small"
            label="Status"
            value={f.status}
            onChange={(e) => set({ status: e.target.value })}
            sx={{ width: 130 }}
          >
            <MenuItem value="">any</MenuItem>
            <MenuItem value="error">error</MenuItem>
            <MenuItem value="ok">ok</MenuItem>
            <MenuItem value="unset">unset</MenuItem>
          </TextField>
          <Button type="submit" variant="contained">
            Find traces
          </Button>
        </Stack>
        <AttributeFilter
          service={f.service}
          pending={pending}
          onPending={setPending}
          onAdd={(p) => set({ attrs: [...pairs, p].join(';') })}
        />
        {pairs.length > 0 && (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {pairs.map((p) => (
              <Chip
                key={p}
                label={p}
                size="small"
                onDelete={() => set({ attrs: pairs.filter((x) => x !== p).join(';') })}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </form>
  );
}

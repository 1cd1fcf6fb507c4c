'use client';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { SectionCard } from '@/components/common/section-card';
import { useAction } from '@/components/common/use-action';
import { mutate } from '@/lib/client/fetcher';
import type { Card } from '@/lib/performance/service';

/** The set-thresholds action, in place (admins). */
export function ThresholdsEditor({ cards, onSaved }: { cards: Card[]; onSaved: () => unknown }) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const act = useAction(onSaved);
  const value = (c: Card) => draft[c.key] ?? String(c.threshold);
  return (
    <SectionCard
      title="Thresholds"
      subheader="The budgets the summary cards, recommendations and default alert rules compare against"
    >
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={1}
        component="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const thresholds = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, Number(v)]));
          if (
            await act(
              () => mutate('POST', '/api/optimization/performance', { action: 'set-thresholds', thresholds }),
              'Thresholds saved',
            )
          )
            setDraft({});
        }}
      >
        {cards.map((c) => (
          <TextField
            key={c.key}
            size="small"
            type="number"
            label={`${c.title} (${c.unit === 'ms' ? 'ms' : '%'})`}
            value={value(c)}
            onChange={(e) => setDraft({ ...draft, [c.key]: e.target.value })}
          />
        ))}
        <Button type="submit" variant="contained" disabled={Object.keys(draft).length === 0}>
          Save
        </Button>
      </Stack>
    </SectionCard>
  );
}

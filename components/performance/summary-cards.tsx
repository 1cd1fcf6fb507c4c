'use client';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { ms, pct } from '@/components/common/format';
import type { Card } from '@/lib/performance/service';

const STATE = {
  ok: { color: 'success', text: 'within' },
  breach: { color: 'error', text: 'over threshold' },
  unknown: { color: 'default', text: 'no data' },
} as const;

/** The five headline figures against their thresholds. */
export function SummaryCards({ cards }: { cards: Card[] }) {
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(5, 1fr)' } }}>
      {cards.map((c) => (
        <Paper
          key={c.key}
          variant="outlined"
          sx={{ p: 2, borderColor: c.state === 'breach' ? 'error.main' : undefined }}
          data-testid={`card-${c.key}`}
        >
          <Typography variant="subtitle2" color="text.secondary" title={c.measures}>
            {c.title}
          </Typography>
          <Typography variant="h5" sx={{ fontWeight: 600 }}>
            {c.value === null ? '—' : c.unit === 'ms' ? ms(c.value) : pct(c.value)}
          </Typography>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.5 }}>
            <Chip size="small" label={STATE[c.state].text} color={STATE[c.state].color} />
            <Typography variant="caption" color="text.secondary">
              {c.key === 'cacheHitRate' ? '≥' : '≤'} {c.unit === 'ms' ? ms(c.threshold) : pct(c.threshold)}
            </Typography>
          </Box>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }} data-testid="measures">
            {c.measures}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}

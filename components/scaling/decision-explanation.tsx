'use client';
// One decision, explained: each policy's value, ask and reason, and each limit that intervened.
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { Limit, PolicyOutcome } from '@/lib/scaling/decide';

export function DecisionExplanation({ policies, limits }: { policies: PolicyOutcome[]; limits: Limit[] }) {
  return (
    <>
      {policies.length === 0 && limits.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No policy took part.
        </Typography>
      )}
      <List dense disablePadding>
        {policies.map((p) => (
          <ListItem key={p.id} disableGutters>
            <ListItemText primary={`${p.name} (${p.metric}) asks ${p.asked ?? '—'}`} secondary={p.why} />
          </ListItem>
        ))}
      </List>
      {limits.map((l) => (
        <Chip
          key={`${l.kind}-${l.detail}`}
          size="small"
          color="warning"
          variant="outlined"
          label={`${l.kind}: ${l.detail}`}
          sx={{ mr: 1, mb: 1, maxWidth: '100%' }}
        />
      ))}
    </>
  );
}

'use client';
// The saved configuration as a Kubernetes HorizontalPodAutoscaler, for clusters that should scale
// themselves: rendered by the server from the same policies, with what does not carry over.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useNotify } from '@/components/common/notifier';
import { useHpa } from '@/lib/hooks/use-hpa';

export function HpaPanel() {
  const [namespace, setNamespace] = useState('default');
  const [deployment, setDeployment] = useState('app');
  const { data, error } = useHpa(namespace, deployment);
  const notify = useNotify();
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={1}>
        <TextField size="small" label="Namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)} />
        <TextField size="small" label="Deployment" value={deployment} onChange={(e) => setDeployment(e.target.value)} />
        <Button
          disabled={!data}
          onClick={() => data && void navigator.clipboard?.writeText(data.yaml).then(() => notify('Copied', 'success'))}
        >
          Copy YAML
        </Button>
      </Stack>
      {error && <Alert severity="error">{(error as Error).message}</Alert>}
      {data && (
        <>
          <Box
            component="pre"
            data-testid="hpa-yaml"
            sx={{ p: 1.5, bgcolor: 'action.hover', borderRadius: 1, overflowX: 'auto', fontSize: 12, m: 0 }}
          >
            {data.yaml}
          </Box>
          {data.notes.map((n) => (
            <Alert key={n} severity="info" sx={{ py: 0 }}>
              {n}
            </Alert>
          ))}
        </>
      )}
    </Stack>
  );
}

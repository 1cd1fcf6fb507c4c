import { z } from 'zod';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { hpaManifest } from '@/lib/fleet/kubernetes';
import { loadScalingConfig } from '@/lib/scaling/store';

const name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes name: lowercase letters, digits and -');
const query = z.strictObject({ namespace: name.default('default'), deployment: name.default('app') });

// GET /api/performance/scaling/hpa?namespace=&deployment= – the HorizontalPodAutoscaler (autoscaling/v2) equivalent to the scaling configuration, as YAML, with what does not carry over
export const GET = route({ role: 'viewer', query }, async ({ query: q }) =>
  hpaManifest(await loadScalingConfig(db()), q),
);

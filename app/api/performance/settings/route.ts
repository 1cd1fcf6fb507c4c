import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { configPatch, monitoringConfigSchema } from '@/lib/performance/config-map';
import { updateSettings } from '@/lib/settings/service';

// PUT /api/performance/settings – seed 001: monitoring settings in the seed 000 config shape (admin)
export const PUT = route(
  { role: 'admin', body: monitoringConfigSchema, action: 'performance.settings' },
  async ({ body, principal }) => ({
    data: await updateSettings(configPatch(body), principalLabel(principal)),
  }),
);

import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { configPatch, monitoringConfigSchema } from '@/lib/compat/monitoring-config';
import { updateSettings } from '@/lib/settings/service';

// PUT /api/performance/settings – monitoring settings in the monitoring config shape (admin)
export const PUT = route(
  { role: 'admin', body: monitoringConfigSchema, action: 'performance.settings' },
  async ({ body, principal }) => ({
    data: await updateSettings(configPatch(body), principalLabel(principal)),
  }),
);

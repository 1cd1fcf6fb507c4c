import { route } from '@/lib/api/route';
import { settingsPatchSchema } from '@/lib/config/runtime-settings';
import { listSettings, updateSettings } from '@/lib/settings/service';
import { principalLabel } from '@/lib/auth/principal';

// GET /api/settings – runtime settings with their value, default and source
export const GET = route({ role: 'viewer' }, async () => ({ data: await listSettings() }));

// PUT /api/settings – changes some settings; null returns a key to its environment default (admin)
export const PUT = route(
  { role: 'admin', body: settingsPatchSchema, action: 'settings.update' },
  async ({ body, principal }) => ({
    data: await updateSettings(body, principalLabel(principal)),
  }),
);

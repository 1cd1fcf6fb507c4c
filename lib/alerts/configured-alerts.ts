// configure-alerts of the optimization API: one managed rule per key, notifying every channel of
// the named types. Rules made before the rename were called `seed:<key>`; they are renamed in place.
import { ApiError } from '../api/errors';
import {
  type AlertEntry,
  type ConfigurableAlert,
  type ConfigureAlerts,
  configuredRule,
} from '../compat/optimization-performance';
import { db } from '../db';
import { liveSetting } from '../settings/live';
import { createRule, updateRule } from './service';

export async function configureAlerts(alerts: ConfigureAlerts) {
  if (alerts.cacheHitRate) {
    throw new ApiError(
      'unprocessable',
      'cacheHitRate alerts compare a ratio of two series; set the cache hit rate floor with set-thresholds instead',
      { key: 'cacheHitRate' },
    );
  }
  const out = [];
  for (const [key, entry] of Object.entries(alerts) as [ConfigurableAlert, AlertEntry][]) {
    const channels = await db().alertChannel.findMany({
      where: { type: { in: entry.channels } },
      select: { id: true },
    });
    const body = configuredRule(
      key,
      entry,
      channels.map((c) => c.id),
      liveSetting('monitoring.alerts.cooldownMs'),
      { cpu: liveSetting('monitoring.threshold.cpuScope'), memory: liveSetting('monitoring.threshold.memoryScope') },
    );
    const existing = await db().alertRule.findFirst({ where: { name: { in: [body.name, `seed:${key}`] } } });
    out.push(existing ? await updateRule(existing.id, body) : await createRule(body));
  }
  return out;
}

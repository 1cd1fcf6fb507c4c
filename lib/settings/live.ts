// A process-local snapshot of the runtime settings for hot paths (every request, every query):
// read synchronously, refreshed when any instance changes a setting (pub/sub) and every 30 s.
import { config } from '../config';
import { envDefaults, type SettingKey, type SettingValues } from '../config/runtime-settings';
import { runAs } from '../observability/context';
import { follow } from '../redis/follow';
import { effectiveSettings } from './service';
import { once, put, slot } from '../process/registry';

/** a synchronous snapshot of the runtime settings for hot paths */
export const LIVE_SETTINGS = slot<SettingValues>('liveSettings');

export const SETTINGS_CHANNEL = 'settings:changed';

export function liveSetting<K extends SettingKey>(key: K): SettingValues[K] {
  return once(LIVE_SETTINGS, () => envDefaults(config()))[key];
}

export async function refreshLiveSettings(): Promise<void> {
  put(LIVE_SETTINGS, await runAs({ route: '(settings)', internal: true }, effectiveSettings));
}

/** Keeps the snapshot current; returns a stop function. */
export function followSettings(): Promise<() => Promise<void>> {
  return follow(SETTINGS_CHANNEL, refreshLiveSettings);
}

// A process-local snapshot of the runtime settings for hot paths (every request, every query):
// read synchronously, refreshed when any instance changes a setting (pub/sub) and every 30 s.
import { config } from '../config';
import { envDefaults, type SettingKey, type SettingValues } from '../config/runtime-settings';
import { runAs } from '../observability/context';
import { follow } from '../redis/follow';
import { effectiveSettings } from './service';

export const SETTINGS_CHANNEL = 'settings:changed';
const slot = globalThis as typeof globalThis & { __redlineLiveSettings?: SettingValues };

export function liveSetting<K extends SettingKey>(key: K): SettingValues[K] {
  slot.__redlineLiveSettings ??= envDefaults(config());
  return slot.__redlineLiveSettings[key];
}

export async function refreshLiveSettings(): Promise<void> {
  slot.__redlineLiveSettings = await runAs({ route: '(settings)', internal: true }, effectiveSettings);
}

/** Keeps the snapshot current; returns a stop function. */
export function followSettings(): Promise<() => Promise<void>> {
  return follow(SETTINGS_CHANNEL, refreshLiveSettings);
}

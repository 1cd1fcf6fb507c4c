// Runtime settings: environment defaults overlaid with values stored in the database.
import { ApiError } from '../api/errors';
import { config } from '../config';
import {
  crossCheck,
  envDefaults,
  isSettingKey,
  RUNTIME_SETTINGS,
  SETTING_KEYS,
  settingOptions,
  type SettingKey,
  type SettingsPatch,
  type SettingValues,
} from '../config/runtime-settings';
import { cached, invalidate } from '../cache';
import { db } from '../db';
import { store } from '../redis';

export interface SettingView {
  key: SettingKey;
  section: string;
  label: string;
  value: unknown;
  default: unknown;
  /** the allowed values of an enum setting (or of each element of a list) */
  options?: readonly string[];
  source: 'env' | 'database';
  updatedAt?: string;
  updatedBy?: string | null;
}

async function stored() {
  const rows = await db().setting.findMany({ where: { key: { in: SETTING_KEYS } } });
  return new Map(rows.map((r) => [r.key, r]));
}

const CACHE_KEY = 'settings:effective';

/** Read on hot paths (thresholds, retention); cached 30 s, invalidated by every change. */
export function effectiveSettings(): Promise<SettingValues> {
  return cached(CACHE_KEY, 30_000, loadEffectiveSettings);
}

async function loadEffectiveSettings(): Promise<SettingValues> {
  const values: Record<string, unknown> = { ...envDefaults(config()) };
  for (const [key, row] of await stored()) {
    if (!isSettingKey(key)) continue;
    const parsed = RUNTIME_SETTINGS[key].schema.safeParse(JSON.parse(row.value));
    if (parsed.success) values[key] = parsed.data; // a value no longer valid falls back to the default
  }
  return values as SettingValues;
}

export async function settingValue<K extends SettingKey>(key: K): Promise<SettingValues[K]> {
  return (await effectiveSettings())[key];
}

export async function listSettings(): Promise<SettingView[]> {
  const defaults = envDefaults(config());
  const effective = await loadEffectiveSettings();
  const rows = await stored();
  return SETTING_KEYS.map((key) => {
    const row = rows.get(key);
    return {
      key,
      section: RUNTIME_SETTINGS[key].section,
      label: RUNTIME_SETTINGS[key].label,
      value: effective[key],
      default: defaults[key],
      options: settingOptions(key),
      source: row ? 'database' : 'env',
      updatedAt: row?.updatedAt.toISOString(),
      updatedBy: row?.updatedBy,
    };
  });
}

/** Applies a validated patch atomically; `null` for a key returns it to its environment default. */
export async function updateSettings(patch: SettingsPatch, by: string): Promise<SettingView[]> {
  const next: Record<string, unknown> = { ...(await loadEffectiveSettings()) };
  const defaults = envDefaults(config());
  for (const [k, v] of Object.entries(patch)) next[k] = v === null ? defaults[k as SettingKey] : v;
  const problems = crossCheck(next as SettingValues);
  if (Object.keys(problems).length)
    throw new ApiError('unprocessable', 'These settings contradict each other', problems);
  await db().$transaction(
    Object.entries(patch).map(([key, value]) =>
      value === null
        ? db().setting.deleteMany({ where: { key } })
        : db().setting.upsert({
            where: { key },
            create: { key, value: JSON.stringify(value), updatedBy: by },
            update: { value: JSON.stringify(value), updatedBy: by },
          }),
    ),
  );
  await invalidate(CACHE_KEY);
  await store().publish('settings:changed', by); // every instance refreshes its live snapshot
  return listSettings();
}

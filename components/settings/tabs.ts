export const SETTINGS_TABS = ['runtime', 'users', 'tokens', 'targets', 'audit'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];
export const SETTINGS_TAB_LABELS: Record<SettingsTab, string> = {
  runtime: 'Runtime',
  users: 'Users',
  tokens: 'API tokens',
  targets: 'Scrape targets',
  audit: 'Audit log',
};

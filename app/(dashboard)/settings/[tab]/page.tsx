import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/common/page-header';
import { SettingsView } from '@/components/settings/settings-view';
import { SETTINGS_TABS, type SettingsTab } from '@/components/settings/tabs';

export default async function SettingsPage({ params }: { params: Promise<{ tab: string }> }) {
  const { tab } = await params;
  if (!(SETTINGS_TABS as readonly string[]).includes(tab)) notFound();
  return (
    <>
      <PageHeader title="Settings" subtitle="Runtime settings, users, API tokens and the audit log" />
      <SettingsView tab={tab as SettingsTab} />
    </>
  );
}

import { notFound } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { userCount } from '@/lib/auth/service';

export const dynamic = 'force-dynamic';

// Reachable only while no user exists.
export default async function SetupPage() {
  if ((await userCount()) > 0) notFound();
  return <AuthForm mode="setup" />;
}

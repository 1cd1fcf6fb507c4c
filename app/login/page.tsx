import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { SESSION_COOKIE } from '@/lib/auth/principal';
import { resolveSession, userCount } from '@/lib/auth/service';

export const dynamic = 'force-dynamic';

export default async function LoginPage() {
  if ((await userCount()) === 0) redirect('/setup');
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  if (cookie && (await resolveSession(cookie))) redirect('/overview');
  return <AuthForm mode="login" />;
}

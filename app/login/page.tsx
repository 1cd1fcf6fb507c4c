import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { safeNext } from '@/lib/auth/next-path';
import { SESSION_COOKIE } from '@/lib/auth/principal';
import { resolveSession, userCount } from '@/lib/auth/service';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  if ((await userCount()) === 0) redirect('/setup');
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  if (cookie && (await resolveSession(cookie))) redirect(next);
  return <AuthForm mode="login" next={next} />;
}

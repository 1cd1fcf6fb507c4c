import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { type ReactNode, Suspense } from 'react';
import { DashboardShell } from '@/components/shell/dashboard-shell';
import { loginUrl, PATH_HEADER } from '@/lib/auth/next-path';
import { SESSION_COOKIE } from '@/lib/auth/principal';
import { resolveSession, userCount } from '@/lib/auth/service';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = cookie ? await resolveSession(cookie) : undefined;
  if (!user) redirect((await userCount()) === 0 ? '/setup' : loginUrl((await headers()).get(PATH_HEADER)));
  return (
    <Suspense>
      <DashboardShell user={{ email: user.email, name: user.name, role: user.role }}>{children}</DashboardShell>
    </Suspense>
  );
}

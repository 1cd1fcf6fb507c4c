import { redirect } from 'next/navigation';

export default async function PerformanceIndex({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const q = new URLSearchParams(await searchParams);
  redirect(`/performance/overview${q.size ? `?${q}` : ''}`);
}

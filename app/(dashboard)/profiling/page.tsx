import { redirect } from 'next/navigation';

export default async function ProfilingIndex({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const q = new URLSearchParams(await searchParams);
  redirect(`/profiling/overview${q.size ? `?${q}` : ''}`);
}

import { redirect } from 'next/navigation';

export default async function ScalingIndex({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const q = new URLSearchParams(await searchParams);
  redirect(`/scaling/overview${q.size ? `?${q}` : ''}`);
}

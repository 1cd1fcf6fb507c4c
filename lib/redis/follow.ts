// Keeps a process-local snapshot current: refreshed now, whenever any instance announces a change
// on `channel`, and every `everyMs` in case an announcement was missed. Returns a stop function.
import { store } from './index';

export async function follow(
  channel: string,
  refresh: () => Promise<unknown>,
  everyMs = 30_000,
): Promise<() => Promise<void>> {
  const run = () => void refresh().catch(() => undefined);
  await refresh().catch(() => undefined);
  const unsubscribe = await store().subscribe(channel, run);
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await unsubscribe();
  };
}

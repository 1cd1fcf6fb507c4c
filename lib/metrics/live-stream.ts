// Server-Sent Events of live metric summaries, filtered by metric name, with heartbeats.
import { store } from '../redis';
import { LIVE_CHANNEL, type LiveMessage } from './live';

const HEARTBEAT_MS = 15_000;

export function liveStream(names: ReadonlySet<string> | null, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup: () => Promise<void> = async () => undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          void cleanup(); // the client went away
        }
      };
      send(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ t: Date.now() })}\n\n`);
      const unsubscribe = await store().subscribe(LIVE_CHANNEL, (raw) => {
        const msg = JSON.parse(raw) as LiveMessage;
        const series = names ? msg.series.filter((s) => names.has(s.name)) : msg.series;
        if (series.length) send(`event: metrics\ndata: ${JSON.stringify({ ...msg, series })}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), HEARTBEAT_MS);
      cleanup = async () => {
        clearInterval(heartbeat);
        await unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      signal.addEventListener('abort', () => void cleanup(), { once: true });
    },
    async cancel() {
      await cleanup();
    },
  });
}

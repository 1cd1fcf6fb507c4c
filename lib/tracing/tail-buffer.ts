// I/O: the process's one tail buffer (lib/tracing/tail.ts): held traces stored through the bulk
// writer, decisions counted in the metrics store, swept every second.
import { config } from '../config';
import { bulkWriter } from '../ingest/bulk-writer';
import { metrics } from '../metrics';
import { once, peek, slot } from '../process/registry';
import { liveSetting } from '../settings/live';
import { SAMPLED_METRIC } from './rate-limit';
import { TailBuffer, type TailPolicy } from './tail';

const TAIL_BUFFER = slot<TailBuffer>('tailBuffer');

export function tailBuffer(): TailBuffer {
  return once(TAIL_BUFFER, () => {
    const buffer = new TailBuffer(
      {
        now: Date.now,
        write: async (rows) => void (await bulkWriter().write({ kind: 'spans', rows }, [rows.buffer])),
        count: (spans, decision, reason) => metrics().counter(SAMPLED_METRIC, spans, { decision, reason }),
      },
      config().TRACES_TAIL_WAIT_SECONDS * 1000,
      config().TRACES_TAIL_BUFFER_BYTES,
    );
    setInterval(() => buffer.sweep(), 1_000).unref();
    return buffer;
  });
}

/** The tail policy from the runtime settings; null when neither errors nor slowness keeps a trace. */
export function tailPolicy(): TailPolicy | null {
  const slowMs = liveSetting('monitoring.tracing.tailSlowMs');
  const errors = liveSetting('monitoring.tracing.tailKeepErrors');
  return slowMs > 0 || errors ? { slowUs: slowMs * 1000, errors } : null;
}

/** Shutdown: what still waits is dropped and counted (it was sampled out; nobody was promised it). */
export function clearTailBuffer(): void {
  peek(TAIL_BUFFER)?.clear();
}

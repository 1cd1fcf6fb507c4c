// The messages between Redline's main thread and the proxy's own thread (structured-cloned).
import type { Algorithm } from './algorithms';
import type { BackendSpec } from './backend';
import type { HealthCheckConfig } from './health';
import type { ProxyOptions } from './proxy';
import type { ProxyReport } from './report';

export interface ThreadInit {
  options: ProxyOptions;
  /** how often the thread reports its backends (and at once on a health change) */
  reportEveryMs: number;
}

export interface ProxySettings {
  algorithm?: Algorithm;
  sticky?: ProxyOptions['sticky'];
  split?: ProxyOptions['split'];
  healthCheck?: HealthCheckConfig;
}

/** To the proxy thread. Those with an id are answered with a Reply of the same id. */
export type ToProxy =
  | { kind: 'listen'; id: number; port: number; host: string }
  | { kind: 'upsert'; spec: BackendSpec; draining?: boolean }
  | { kind: 'remove'; backend: string }
  | { kind: 'drain'; id: number; backend: string; timeoutMs: number }
  | { kind: 'settings'; settings: ProxySettings }
  | { kind: 'report'; id: number }
  | { kind: 'close'; id: number }
  // Profiling the thread's own isolate (lib/profiling/inspector.ts).
  | { kind: 'profile'; id: number; op: ProfileOp; params: { durationMs?: number; intervalUs?: number; file?: string } }
  | { kind: 'profile-cancel'; target: number }
  | { kind: 'continuous'; intervalUs: number };

export type ProfileOp = 'cpu' | 'alloc' | 'snapshot';

export type Reply =
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string };

/** From the proxy thread. */
export type FromProxy =
  | Reply
  | { kind: 'report'; report: ProxyReport }
  | { kind: 'health'; backend: string; status: string; detail: string | undefined }
  | { kind: 'minute'; minute: number; profile: unknown }
  | { kind: 'memory'; at: number; heapUsed: number; heapTotal: number };

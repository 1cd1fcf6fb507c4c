// The main thread's handle on the proxy running in its own thread (thread.ts). Keeps a mirror of
// each backend's configuration (changed here at once, sent to the thread) and the thread's latest
// report of its state, so the fleet service and the console read both without waiting. A thread
// that dies is started again with the same port, backends and settings.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Algorithm } from './algorithms';
import type { BackendSpec } from './backend';
import type { ProxyEvents, ProxyOptions } from './proxy';
import { type BackendReport, EMPTY_TOTALS, type ProxyReport, type ProxyTotals } from './report';
import type { FromProxy, ProfileOp, ProxySettings, ThreadInit, ToProxy } from './thread-protocol';

// Run from the source tree through tsx, not from Next's bundle (see lib/metrics/sqlite-worker-client.ts).
const ENTRY = path.join(process.cwd(), 'lib', 'lb', 'thread.mjs');
const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');

export interface RemoteBackend {
  spec: BackendSpec;
  draining: boolean;
  /** the thread's latest report on it; null until the first arrives */
  report: BackendReport | null;
}

type Command = ToProxy extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

export class ProxyThread {
  readonly backends = new Map<string, RemoteBackend>();
  totals: ProxyTotals = EMPTY_TOTALS;
  reportedAt = 0;
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private listening: { port: number; host: string } | null = null;
  private closing = false;
  private restarts = 0;
  private continuousUs = 0;

  constructor(
    readonly options: ProxyOptions,
    private readonly events: ProxyEvents = {},
    private readonly reportEveryMs = 500,
  ) {}

  /** Starts the thread and its listener; resolves with the port it listens on. */
  async listen(port: number, host: string): Promise<number> {
    this.start();
    const bound = (await this.call({ kind: 'listen', port, host })) as number;
    this.listening = { port: bound, host };
    return bound;
  }

  upsert(spec: BackendSpec): RemoteBackend {
    const known = this.backends.get(spec.id);
    const b = known ?? { spec, draining: false, report: null };
    b.spec = spec;
    this.backends.set(spec.id, b);
    this.send({ kind: 'upsert', spec });
    return b;
  }

  /** Changes a backend's weight, enabled flag or draining state. */
  patch(id: string, patch: Partial<Pick<BackendSpec, 'weight' | 'enabled'>> & { draining?: boolean }): void {
    const b = this.backends.get(id);
    if (!b) return;
    const { draining, ...spec } = patch;
    b.spec = { ...b.spec, ...spec };
    if (draining !== undefined) b.draining = draining;
    this.send({ kind: 'upsert', spec: b.spec, draining });
  }

  remove(id: string): void {
    this.backends.delete(id);
    this.send({ kind: 'remove', backend: id });
  }

  /** Stops new requests to it; resolves once its in-flight ones finished (false: time ran out). */
  async drain(id: string, timeoutMs = 30_000): Promise<boolean> {
    const b = this.backends.get(id);
    if (!b) return true;
    b.draining = true;
    return (await this.call({ kind: 'drain', backend: id, timeoutMs })) as boolean;
  }

  setAlgorithm(algorithm: Algorithm): void {
    this.configure({ algorithm });
  }

  configure(settings: ProxySettings): void {
    if (settings.algorithm) this.options.algorithm = settings.algorithm;
    if (settings.sticky) this.options.sticky = settings.sticky;
    if (settings.split !== undefined) this.options.split = settings.split;
    if (settings.healthCheck) this.options.healthCheck = settings.healthCheck;
    this.send({ kind: 'settings', settings });
  }

  /** Whether the backend takes new requests now, by the latest report. */
  eligible(id: string): boolean {
    const b = this.backends.get(id);
    return Boolean(b && !b.draining && b.spec.enabled && b.report?.eligible);
  }

  /** A profile of the proxy thread's own isolate; aborting stops it early (and rejects). */
  profile<T>(
    op: ProfileOp,
    params: { durationMs?: number; intervalUs?: number; file?: string },
    signal?: AbortSignal,
  ): Promise<T> {
    const id = this.nextId;
    signal?.addEventListener('abort', () => this.send({ kind: 'profile-cancel', target: id }), { once: true });
    return this.call({ kind: 'profile', op, params }) as Promise<T>;
  }

  /** Turns the thread's continuous CPU profile on (interval µs) or off (0). */
  continuous(intervalUs: number): void {
    this.continuousUs = intervalUs;
    this.send({ kind: 'continuous', intervalUs });
  }

  /** A fresh report, straight from the thread. */
  async refresh(): Promise<ProxyReport> {
    const r = (await this.call({ kind: 'report' })) as ProxyReport;
    this.apply(r);
    return r;
  }

  async close(): Promise<void> {
    this.closing = true;
    const w = this.worker;
    if (!w) return;
    await this.call({ kind: 'close' }).catch(() => undefined);
    await w.terminate();
    this.worker = undefined;
  }

  private start(): void {
    const init: ThreadInit = { options: this.options, reportEveryMs: this.reportEveryMs };
    const w = new WorkerThread(ENTRY, { workerData: init });
    w.unref(); // the proxy never keeps Redline from exiting
    w.on('message', (m: FromProxy) => this.receive(m));
    w.on('error', (e) => console.error(`[proxy] thread failed: ${e.message}`));
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(`the proxy thread exited (code ${code})`));
      this.pending.clear();
      if (!this.closing) this.revive();
    });
    this.worker = w;
  }

  /** A crashed thread: started again (after a doubling pause) with the same port, backends and settings. */
  private revive(): void {
    const wait = Math.min(30_000, 500 * 2 ** this.restarts++);
    console.error(`[proxy] the proxy thread stopped; starting it again in ${wait} ms`);
    setTimeout(() => {
      if (this.closing || !this.listening) return;
      this.start();
      for (const b of this.backends.values()) this.send({ kind: 'upsert', spec: b.spec, draining: b.draining });
      if (this.continuousUs) this.send({ kind: 'continuous', intervalUs: this.continuousUs });
      this.call({ kind: 'listen', port: this.listening.port, host: this.listening.host }).then(
        () => {
          this.restarts = 0;
        },
        (e: Error) => console.error(`[proxy] could not listen again: ${e.message}`),
      );
    }, wait).unref();
  }

  private receive(m: FromProxy): void {
    if (m.kind === 'reply') {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(new Error(m.error));
    } else if (m.kind === 'report') this.apply(m.report);
    else if (m.kind === 'health') this.events.health?.(m.backend, m.status, m.detail);
    else this.events.profiler?.(m);
  }

  private apply(r: ProxyReport): void {
    if (r.at < this.reportedAt) return;
    this.reportedAt = r.at;
    this.totals = r.totals;
    for (const report of r.backends) {
      const b = this.backends.get(report.id);
      if (b) b.report = report;
    }
  }

  private send(m: ToProxy): void {
    this.worker?.postMessage(m);
  }

  private call(m: Command): Promise<unknown> {
    const w = this.worker;
    if (!w) return Promise.reject(new Error('the proxy thread is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...m, id } as ToProxy);
    });
  }
}

// The proxy's own thread: runs the LoadBalancer away from Next.js's event loop and heap, so a
// page render, a synchronous SQLite query or a collection of Next's large heap never holds up a
// proxied request. Takes commands from the main thread and reports its backends to it.
// Started by ProxyThread (remote.ts) through thread.mjs under tsx, like the server.
import { parentPort, workerData } from 'node:worker_threads';
import { allocationProfile, ContinuousCpuProfile, cpuProfile, heapSnapshot } from '../profiling/inspector';
import { LoadBalancer } from './proxy';
import { proxyReport } from './report';
import type { FromProxy, ThreadInit, ToProxy } from './thread-protocol';

const port = parentPort;
if (!port) throw new Error('lib/lb/thread.ts runs as a worker thread');
const init = workerData as ThreadInit;
const post = (m: FromProxy) => port.postMessage(m);

const lb: LoadBalancer = new LoadBalancer(init.options, {
  health: (backend, status, detail) => {
    post({ kind: 'health', backend, status, detail });
    report();
  },
});

function report(): void {
  post({ kind: 'report', report: proxyReport(lb.backends.values(), Date.now(), lb.options.healthChecksEnabled) });
}
const timer = setInterval(report, init.reportEveryMs);

// Profiles of this thread's own isolate, by request id (for cancel), and the continuous one.
// Module state: this file is the proxy thread's entry; its captures and profile are that thread's.
const captures = new Map<number, AbortController>();
let continuous: ContinuousCpuProfile | undefined;

async function profile(m: Extract<ToProxy, { kind: 'profile' }>): Promise<unknown> {
  const ctl = new AbortController();
  captures.set(m.id, ctl);
  try {
    const p = m.params;
    if (m.op === 'cpu')
      return await cpuProfile({
        durationMs: p.durationMs ?? 10_000,
        intervalUs: p.intervalUs ?? 1_000,
        signal: ctl.signal,
      });
    if (m.op === 'alloc') return await allocationProfile({ durationMs: p.durationMs ?? 10_000, signal: ctl.signal });
    if (!p.file) throw new Error('a heap snapshot needs a file');
    return { bytes: await heapSnapshot(p.file) };
  } finally {
    captures.delete(m.id);
  }
}

async function setContinuous(intervalUs: number): Promise<void> {
  await continuous?.stop();
  continuous = undefined;
  if (intervalUs <= 0) return;
  continuous = new ContinuousCpuProfile(intervalUs, (minute, p) => post({ kind: 'minute', minute, profile: p }));
  await continuous.start();
}

// The thread's heap, every 10 s, beside the main thread's own readings.
const memoryTimer = setInterval(() => {
  const m = process.memoryUsage();
  post({ kind: 'memory', at: Date.now(), heapUsed: m.heapUsed, heapTotal: m.heapTotal });
}, 10_000);
memoryTimer.unref();

async function run(m: ToProxy): Promise<unknown> {
  switch (m.kind) {
    case 'profile':
      return profile(m);
    case 'profile-cancel':
      captures.get(m.target)?.abort();
      return undefined;
    case 'continuous':
      return setContinuous(m.intervalUs);
    case 'listen':
      return lb.listen(m.port, m.host);
    case 'upsert': {
      const b = lb.upsert(m.spec);
      if (m.draining !== undefined) b.draining = m.draining;
      return undefined;
    }
    case 'remove':
      return lb.remove(m.backend);
    case 'drain': {
      const drained = await lb.drain(m.backend, m.timeoutMs);
      report();
      return drained;
    }
    case 'settings': {
      const s = m.settings;
      if (s.algorithm && s.algorithm !== lb.options.algorithm) lb.setAlgorithm(s.algorithm);
      if (s.sticky) lb.options.sticky = s.sticky;
      if (s.split !== undefined) lb.options.split = s.split;
      if (s.healthCheck) lb.options.healthCheck = s.healthCheck;
      return undefined;
    }
    case 'report':
      return proxyReport(lb.backends.values(), Date.now(), lb.options.healthChecksEnabled);
    case 'close':
      clearInterval(timer);
      await continuous?.stop();
      await lb.close();
      return undefined;
  }
}

port.on('message', (m: ToProxy) => {
  run(m).then(
    (value) => {
      if ('id' in m) post({ kind: 'reply', id: m.id, ok: true, value });
      if (m.kind === 'upsert' || m.kind === 'remove') report();
    },
    (e: Error) => {
      if ('id' in m) post({ kind: 'reply', id: m.id, ok: false, error: e.message });
      else console.error(`[proxy] ${m.kind}: ${e.message}`);
    },
  );
});

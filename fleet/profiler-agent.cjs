// Redline's profiling agent, preloaded (`--require`) into the Node instances its local fleet runs.
// It speaks only over the IPC channel Redline opened when it spawned the process — no port, no
// network — and drives this process's own V8 inspector: CPU profiles, allocation sampling, heap
// snapshots, a continuous low-rate CPU profile handed over each minute, and memory readings.
// It does nothing in a process Redline did not start (no IPC channel, or no REDLINE_PROFILER_AGENT).
'use strict';

function startAgent() {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  const { PerformanceObserver } = require('node:perf_hooks');
  const TAG = 'redlineProfiler';

  // The channel must not keep the application alive on its own.
  if (process.channel && typeof process.channel.unref === 'function') process.channel.unref();

  const send = (msg) => {
    try {
      process.send({ [TAG]: 1, ...msg });
    } catch {
      // Redline went away; the application carries on.
    }
  };

  const session = () => {
    const s = new inspector.Session();
    s.connect();
    const post = (method, params) =>
      new Promise((resolve, reject) => s.post(method, params || {}, (err, res) => (err ? reject(err) : resolve(res))));
    return { s, post };
  };

  const running = new Map(); // id → cancel()

  const waitOrCancel = (id, ms) =>
    new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      running.set(id, () => {
        clearTimeout(t);
        resolve(true);
      });
    });

  async function cpu(id, { durationMs, intervalUs }) {
    const { s, post } = session();
    try {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: intervalUs });
      await post('Profiler.start');
      const cancelled = await waitOrCancel(id, durationMs);
      const { profile } = await post('Profiler.stop');
      if (cancelled) throw new Error('cancelled');
      return profile;
    } finally {
      s.disconnect();
    }
  }

  async function alloc(id, { durationMs }) {
    const { s, post } = session();
    try {
      await post('HeapProfiler.enable');
      await post('HeapProfiler.startSampling', { samplingInterval: 32768 });
      const cancelled = await waitOrCancel(id, durationMs);
      const { profile } = await post('HeapProfiler.stopSampling');
      if (cancelled) throw new Error('cancelled');
      return profile;
    } finally {
      s.disconnect();
    }
  }

  // One session for every snapshot, kept open: V8 numbers heap objects per profiler session, and
  // leak triage matches objects across snapshots by those numbers.
  let snapshotSession = null;
  async function snapshot(_id, { file }) {
    snapshotSession ??= session();
    const { s, post } = snapshotSession;
    const out = fs.createWriteStream(file, { mode: 0o600 });
    let bytes = 0;
    const onChunk = (m) => {
      bytes += Buffer.byteLength(m.params.chunk);
      out.write(m.params.chunk);
    };
    try {
      s.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
      await post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    } finally {
      s.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      await new Promise((resolve) => out.end(resolve));
    }
    return { bytes };
  }

  const OPS = { cpu, alloc, snapshot };

  process.on('message', (msg) => {
    if (msg?.[TAG] !== 1) return;
    if (msg.op === 'cancel') {
      running.get(msg.target)?.();
      return;
    }
    const op = OPS[msg.op];
    if (!op) return send({ id: msg.id, ok: false, error: `unknown operation ${msg.op}` });
    op(msg.id, msg.params || {})
      .then(
        (result) => send({ id: msg.id, ok: true, result }),
        (err) => send({ id: msg.id, ok: false, error: String(err?.message || err) }),
      )
      .finally(() => running.delete(msg.id));
  });

  // Continuous: the CPU profile at a low rate, cut at each minute and handed to Redline.
  const continuousUs = Number(process.env.REDLINE_PROFILER_CONTINUOUS_US || 0);
  if (continuousUs > 0) {
    const { post } = session();
    let minute = Math.floor(Date.now() / 60000) * 60000;
    const cut = async () => {
      try {
        const { profile } = await post('Profiler.stop');
        await post('Profiler.start');
        send({ push: 'minute', minute, profile });
      } catch {
        // the next minute tries again
      }
      minute = Math.floor(Date.now() / 60000) * 60000;
      setTimeout(cut, Math.max(0, minute + 60000 - Date.now())).unref();
    };
    post('Profiler.enable')
      .then(() => post('Profiler.setSamplingInterval', { interval: continuousUs }))
      .then(() => post('Profiler.start'))
      .then(() => setTimeout(cut, minute + 60000 - Date.now()).unref())
      .catch(() => undefined);
  }

  // Memory every 10 s: heap and RSS, and the GC pauses since the last reading, by kind.
  const KINDS = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
  let pauses = [];
  try {
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) pauses.push([KINDS[e.detail ? e.detail.kind : e.kind] || 'other', e.duration]);
    });
    obs.observe({ entryTypes: ['gc'] });
  } catch {
    // no GC entries on this runtime
  }
  setInterval(() => {
    const m = process.memoryUsage();
    send({
      push: 'memory',
      at: Date.now(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      gc: pauses,
    });
    pauses = [];
  }, 10000).unref();
}

if (typeof process.send === 'function' && process.env.REDLINE_PROFILER_AGENT === '1') startAgent();

// Samples this process and host every few seconds into the metrics store: CPU, memory,
// event-loop delay. Request timings come from the route wrapper.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import os from 'node:os';
import { poolStats } from '../db';
import { metrics } from '../metrics';
import { liveSetting } from '../settings/live';

export function startSampler(instance: string, everyMs = 10_000): () => void {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry.detail as { kind?: number } | undefined)?.kind ?? 0] ?? 'other';
      metrics().histogram('gc_pause_ms', entry.duration, { instance, kind });
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  let lastHost = hostTimes();
  let lastDropped = 0;
  const timer = setInterval(() => {
    const m = metrics();
    const labels = { instance };
    const on = (what: 'cpu' | 'memory') =>
      liveSetting('monitoring.enabled') && liveSetting(`monitoring.collect.${what}`);
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const elapsedUs = (now - lastAt) * 1000;
    const host = hostTimes();
    if (on('cpu')) {
      m.gauge('process_cpu_percent', ((cpu.user + cpu.system) / elapsedUs) * 100, labels);
      m.gauge('event_loop_delay_p99_ms', loop.percentile(99) / 1e6, labels);
      const busy = host.busy - lastHost.busy;
      const total = host.total - lastHost.total;
      if (total > 0) m.gauge('host_cpu_percent', (busy / total) * 100, labels);
    }
    // The writer's own health: how much waits to be written, and whether anything was dropped.
    m.gauge('metrics_writer_buffered_points', m.pending(), labels);
    if (m.dropped > lastDropped) m.counter('metrics_writer_dropped_points_total', m.dropped - lastDropped, labels);
    lastDropped = m.dropped;
    const pool = poolStats(); // PostgreSQL only: how much of the connection pool is in use
    if (pool && on('cpu')) {
      m.gauge('db_pool_connections', pool.total - pool.idle, { ...labels, state: 'busy' });
      m.gauge('db_pool_connections', pool.idle, { ...labels, state: 'idle' });
      m.gauge('db_pool_waiting', pool.waiting, labels);
    }
    if (on('memory')) {
      const mem = process.memoryUsage();
      m.gauge('process_rss_bytes', mem.rss, labels);
      m.gauge('process_heap_used_bytes', mem.heapUsed, labels);
      m.gauge('process_memory_percent', (mem.rss / os.totalmem()) * 100, labels);
      m.gauge('host_memory_used_percent', (1 - os.freemem() / os.totalmem()) * 100, labels);
    }
    loop.reset();
    lastCpu = process.cpuUsage();
    lastAt = now;
    lastHost = host;
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    loop.disable();
    gc.disconnect();
  };
}

// perf_hooks constants.NODE_PERFORMANCE_GC_*: 1 minor, 2 major, 4 incremental, 8 weak callbacks
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

function hostTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

// Profiling against real processes: a sample-service instance with the agent preloaded (CPU
// profile with its hot function on top, cancel, an instance killed mid-capture, three snapshots
// around a planted leak triaged by memlab in a child process), and captures of Redline's own
// thread stored through the database with their labels, refusals and cancellation.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLocalOptions, type FleetCommand, LocalProvider } from '@/lib/fleet/local-provider';
import type { AgentChannel, AgentPush } from '@/lib/fleet/profiler-channel';
import { isNodeCommand } from '@/lib/fleet/profiler-channel';
import { runAs } from '@/lib/observability/context';
import { cancelCapture, startCapture } from '@/lib/profiling/capture';
import { continuousRange, storeMinute } from '@/lib/profiling/continuous';
import { cpuProfile } from '@/lib/profiling/inspector';
import type { LeakReport } from '@/lib/profiling/leaks';
import { fromV8CpuProfile, labelBySpans, labelTotals, topFunctions, type V8CpuProfile } from '@/lib/profiling/model';
import { getProfileRow, loadProfile } from '@/lib/profiling/store';
import { currentTestDatabase } from '../helpers/databases';

const dir = mkdtempSync(path.join(os.tmpdir(), 'redline-profiling-'));
process.env.PROFILES_DIR = path.join(dir, 'profiles');
const SAMPLE: FleetCommand = {
  command: process.execPath,
  args: [path.resolve('fleet/sample-service.mjs')],
  env: {},
  healthPath: '/health',
};
const run = promisify(execFile);

const get = (port: number, p: string) =>
  new Promise<void>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      })
      .on('error', reject);
  });

describe('the profiling agent in a fleet instance', () => {
  let fleet: LocalProvider;
  let agent: AgentChannel;
  let port: number;
  const pushes: AgentPush[] = [];

  beforeAll(async () => {
    fleet = new LocalProvider(SAMPLE, {
      ...defaultLocalOptions(path.join(dir, 'fleet.json')),
      onAgentPush: (_id, m) => pushes.push(m),
    });
    await fleet.scaleTo(1);
    const i = fleet.list()[0];
    if (!i) throw new Error('no instance');
    port = i.port;
    const a = fleet.agent(i.id);
    if ('reason' in a) throw new Error(a.reason);
    agent = a.agent;
  }, 30_000);

  afterAll(async () => {
    await fleet.close();
  });

  it('is preloaded into Node commands only', () => {
    expect(isNodeCommand(process.execPath)).toBe(true);
    expect(isNodeCommand('/usr/bin/node20')).toBe(true);
    expect(isNodeCommand('/usr/bin/python3')).toBe(false);
  });

  it("profiles the instance's CPU: its CPU-bound handler is on top", async () => {
    const load = setInterval(() => void get(port, '/?work=8').catch(() => undefined), 10);
    const profile = await agent.call<V8CpuProfile>('cpu', { durationMs: 1_500, intervalUs: 500 });
    clearInterval(load);
    expect(topFunctions(fromV8CpuProfile(profile), 1)[0]?.name).toBe('burnCpu');
  });

  it('stops a capture that is cancelled, and returns nothing', async () => {
    const ctl = new AbortController();
    const started = Date.now();
    setTimeout(() => ctl.abort(), 200);
    await expect(agent.call('cpu', { durationMs: 10_000, intervalUs: 1_000 }, ctl.signal)).rejects.toThrow(/cancelled/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('finds a planted leak from three snapshots', async () => {
    const snap = async (n: number) => {
      const file = path.join(dir, `s${n}.heapsnapshot`);
      await agent.call('snapshot', { file });
      return file;
    };
    const s1 = await snap(1);
    for (let i = 0; i < 60; i++) await get(port, '/leak?kb=8');
    const s2 = await snap(2);
    for (let i = 0; i < 10; i++) await get(port, '/leak?kb=8');
    const s3 = await snap(3);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.resolve('lib/profiling/leak-worker.ts'), s1, s2, s3],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const report = JSON.parse(stdout) as LeakReport;
    const group = report.groups.find((g) => g.name === 'RetainedRequest');
    expect(group?.count).toBe(60);
    expect(group?.hints).toContain('collection');
  }, 60_000);

  it('reports memory every 10 s', async () => {
    await expect.poll(() => pushes.some((p) => p.push === 'memory'), { timeout: 15_000 }).toBe(true);
  }, 20_000);

  it('fails a capture clearly when the instance dies during it', async () => {
    const i = fleet.list()[0];
    const pending = agent.call('cpu', { durationMs: 10_000, intervalUs: 1_000 });
    setTimeout(() => i?.pid && process.kill(i.pid, 'SIGKILL'), 300);
    await expect(pending).rejects.toThrow(/exited during the capture/);
  });
});

describe("captures of Redline's own thread", () => {
  let drop: () => Promise<void>;
  beforeAll(async () => {
    drop = (await currentTestDatabase('sqlite')).drop;
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a complete profile with its hottest functions, one capture at a time', async () => {
    const row = await startCapture({ target: 'redline', kind: 'cpu', durationSeconds: 1, intervalUs: 500 }, 'test');
    await expect(
      startCapture({ target: 'redline', kind: 'cpu', durationSeconds: 1, intervalUs: 500 }, 'test'),
    ).rejects.toThrow(/already running/);
    // Work during the capture: the record counts samples of work (idle ones are dropped everywhere).
    const until = performance.now() + 400;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    await expect.poll(async () => (await getProfileRow(row.id))?.status, { timeout: 10_000 }).toBe('complete');
    const done = await getProfileRow(row.id);
    expect(done?.samples).toBeGreaterThan(100);
    expect(done?.bytes).toBeGreaterThan(0);
    if (done) expect(done.samples).toBe((await loadProfile(done)).samples);
  });

  it('stores nothing for a cancelled capture', async () => {
    const row = await startCapture({ target: 'redline', kind: 'cpu', durationSeconds: 30, intervalUs: 1_000 }, 'test');
    expect(cancelCapture(row.id)).toBe(true);
    await expect.poll(async () => (await getProfileRow(row.id))?.status, { timeout: 10_000 }).toBe('cancelled');
    expect((await getProfileRow(row.id))?.file).toBeNull();
  });

  it('refuses a target that is not there', async () => {
    await expect(
      startCapture({ target: 'instance:nope', kind: 'cpu', durationSeconds: 1, intervalUs: 1_000 }, 'test'),
    ).rejects.toThrow(/cannot be profiled/);
  });

  it('labels samples by the request that ran, and merges stored minutes back into one profile', async () => {
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      let x = 0;
      while (performance.now() < until) for (let i = 0; i < 1_000; i++) x += i;
      return x;
    };
    const capturing = cpuProfile({ durationMs: 600, intervalUs: 500, signal: new AbortController().signal });
    await new Promise((r) => setTimeout(r, 50));
    await runAs({ route: '/api/busy' }, async () => busy(300));
    const profile = await capturing;
    const { workSpansSince } = await import('@/lib/observability/context');
    const labels = labelBySpans(profile, workSpansSince(profile.startTime));
    expect(labels.filter((l) => l === '/api/busy').length).toBeGreaterThan(50);
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    await storeMinute('redline', minute, profile, labels);
    await storeMinute('redline', minute + 60_000, profile, labels);
    const merged = await continuousRange('redline', minute, minute + 120_000);
    expect(merged.minutes).toBe(2);
    expect(labelTotals(merged)[0]?.label).toBe('/api/busy');
  });
});

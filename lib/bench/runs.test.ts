import { describe, expect, it } from 'vitest';
import {
  addedP99,
  best,
  comparableRounds,
  medianOf,
  parseBenchLine,
  type ProxyBenchResult,
  repeatDifference,
} from './proxy-result';
import { isLost, runView } from './runs';
import { missingTools } from './tools';

const load = (p99: number | null) => ({ rps: 100, p50: 1, p99, errors: 0 });
const result: ProxyBenchResult = {
  seconds: 1,
  connections: 64,
  cpus: 2,
  loadAvg: 0.5,
  saturation: { hey: { redline: [900, null], nginx: [1000, 1100] }, wrk: { redline: [1, 2], nginx: [2, 3] } },
  ratio: { hey: 0.82, wrk: 0.67 },
  halfLoad: {
    offeredRps: 100,
    rounds: [3, 1, 2].map((d) => ({ direct: load(d), redline: load(d + 1), nginx: load(null) })),
  },
  addedP99: { redline: 1, nginx: null },
  targets: { ratio: 0.6, addedP99Ms: 2 },
};

describe('bench lines', () => {
  it('reads progress and results, and leaves text for people alone', () => {
    expect(parseBenchLine('@bench {"step":3,"steps":25,"stage":"saturating nginx (hey)"}')).toEqual({
      step: 3,
      steps: 25,
      stage: 'saturating nginx (hey)',
    });
    expect(parseBenchLine(`@bench ${JSON.stringify({ result })}`)).toEqual({ result });
    expect(parseBenchLine('  Redline proxy   12,000 req/s')).toBeNull();
    expect(parseBenchLine('@bench {not json')).toBeNull();
    expect(parseBenchLine('@bench {"step":-1,"steps":25,"stage":"x"}')).toBeNull();
  });
  it('summarises: best saturated rate, median round, unmeasured as null', () => {
    expect(best(result.saturation.hey.redline)).toBe(900);
    expect(best([null])).toBeNull();
    expect(medianOf(result, 'direct', 'p99')).toBe(2);
    expect(medianOf(result, 'redline', 'p99')).toBe(3);
    expect(medianOf(result, 'nginx', 'p99')).toBeNull();
  });
  it('compares only rounds in which every path carried the offered rate', () => {
    const at = (rps: number, p99: number) => ({ rps, p50: 1, p99, errors: 0 });
    const halfLoad = {
      offeredRps: 1000,
      rounds: [
        { direct: at(1000, 3), redline: at(995, 5), nginx: at(1000, 4), nodePipe: at(999, 3.5) }, // +2
        { direct: at(700, 70), redline: at(990, 6), nginx: at(1000, 4), nodePipe: at(999, 4) }, // direct held up: out
        { direct: at(980, 3), redline: at(1000, 4), nginx: at(1000, 4), nodePipe: at(960, 9) }, // the pipe held up: out
        { direct: at(1000, 3), redline: at(1000, 4), nginx: at(1000, 3.5), nodePipe: at(1000, 3.2) }, // +1
        { direct: at(1000, 3), redline: at(1000, 6), nginx: at(1000, 3.5), nodePipe: at(1000, 3.2) }, // +3
      ],
    };
    expect(comparableRounds(halfLoad)).toHaveLength(3);
    // A short run leaves every path a little under the offered rate: they still compare.
    expect(
      comparableRounds({
        offeredRps: 1000,
        rounds: [{ direct: at(900, 3), redline: at(890, 4), nginx: at(905, 4), nodePipe: at(899, 4) }],
      }),
    ).toHaveLength(1);
    expect(addedP99(halfLoad, 'redline')).toBe(2);
    expect(addedP99(halfLoad, 'nginx')).toBe(0.5);
    // hey's 0.1 ms steps subtract exactly: 5.1 − 3.1 is 2, which meets a 2 ms target.
    expect(
      addedP99(
        { offeredRps: 1000, rounds: [{ direct: at(1000, 3.1), redline: at(1000, 5.1), nginx: at(1000, 4) }] },
        'redline',
      ),
    ).toBe(2);
    expect(
      addedP99({ ...halfLoad, rounds: [halfLoad.rounds[1] as (typeof halfLoad.rounds)[number]] }, 'redline'),
    ).toBeNull();
  });

  it('the control: direct measured twice, how far apart its p99s came out', () => {
    const at = (rps: number, p99: number) => ({ rps, p50: 1, p99, errors: 0 });
    const round = (d: number, again: number, againRps = 1000) => ({
      direct: at(1000, d),
      redline: at(1000, d + 1),
      nginx: at(1000, d),
      directAgain: at(againRps, again),
    });
    const halfLoad = { offeredRps: 1000, rounds: [round(3, 3.4), round(3.1, 2.1), round(3, 3), round(3, 9, 600)] };
    // The last round is left out (the second direct fell behind), like any other path's.
    expect(comparableRounds(halfLoad)).toHaveLength(3);
    expect(repeatDifference(halfLoad)).toEqual({ median: 0.4, max: 1, rounds: 3 });
    expect(addedP99(halfLoad, 'directAgain')).toBe(0);
    // Runs stored before the control was measured have none.
    expect(repeatDifference(result.halfLoad)).toBeNull();
  });

  it('reads runs stored before the Node pipe was measured, and runs with it', () => {
    expect(medianOf(result, 'nodePipe', 'p99')).toBeNull();
    const withPipe: ProxyBenchResult = {
      ...result,
      halfLoad: { ...result.halfLoad, rounds: result.halfLoad.rounds.map((r, i) => ({ ...r, nodePipe: load(5 - i) })) },
      addedP99: { ...result.addedP99, nodePipe: 2.5 },
    };
    expect(medianOf(withPipe, 'nodePipe', 'p99')).toBe(4);
    expect(parseBenchLine(`@bench ${JSON.stringify({ result: withPipe })}`)).toEqual({ result: withPipe });
  });
});

describe('runs', () => {
  const row = {
    id: 1,
    name: 'proxy',
    status: 'running',
    by: 'admin',
    instanceId: 'i',
    seconds: 1,
    startedAt: new Date(0),
    heartbeatAt: new Date(0),
    finishedAt: null,
    step: 5,
    steps: 25,
    stage: 'x',
    result: null,
    error: null,
  };
  it('shows progress, and figures only when they parse', () => {
    expect(runView(row).progress).toBe(0.2);
    expect(runView({ ...row, status: 'success', result: JSON.stringify(result) }).result).toEqual(result);
    expect(runView({ ...row, status: 'success', result: '{"seconds":"ten"}' }).result).toBeNull();
    expect(runView({ ...row, status: 'success', result: '{' }).result).toBeNull();
  });
  it('counts a live run whose heartbeat stopped a minute ago as lost, never a finished one', () => {
    expect(isLost(row, 59_000)).toBe(false);
    expect(isLost(row, 61_000)).toBe(true);
    expect(isLost({ ...row, status: 'success' }, 61_000)).toBe(false);
  });
});

describe('tools', () => {
  it('names the packages for missing programs', () => {
    // An empty PATH still finds /usr/sbin's nginx when it is installed; hey and wrk live in /usr/bin.
    const missing = missingTools('/nonexistent').map((m) => m.pkg);
    expect(missing).toContain('hey');
    expect(missing).toContain('wrk');
  });
});

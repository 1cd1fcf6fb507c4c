// FLEET_PROVIDER=kubernetes end to end, against a local stand-in for a cluster that speaks the
// Kubernetes API (tests/helpers/fake-cluster.ts) with real pods behind it (sample-service
// processes): the fleet service puts the Deployment's pods behind the proxy, reads their CPU from
// metrics.k8s.io, and the autoscaler scales the Deployment through its scale subresource when load
// through the proxy pushes CPU over its target, records the reaction once the new pod is Ready,
// and scaling down marks exactly the pods it drained with the lowest pod-deletion-cost.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/lib/fleet/local-provider';
import type { FleetService } from '@/lib/fleet/service';
import { currentTestDatabase } from '../helpers/databases';
import { FakeCluster } from '../helpers/fake-cluster';

const cluster = new FakeCluster('shop', 'web', 2);
let fleet: FleetService;
let proxyPort = 0;
let drop: () => Promise<void>;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
function hit(work: number): Promise<{ status: number; id?: string }> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port: proxyPort, path: `/?work=${work}`, agent }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            id: res.statusCode === 200 ? (JSON.parse(body) as { id: string }).id : undefined,
          }),
        );
      })
      .on('error', () => resolve({ status: 0 }));
  });
}

async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const kubeconfig = await cluster.start();
  proxyPort = await freePort();
  Object.assign(process.env, {
    FLEET_PROVIDER: 'kubernetes',
    FLEET_K8S_NAMESPACE: 'shop',
    FLEET_K8S_DEPLOYMENT: 'web',
    KUBECONFIG: kubeconfig,
    LB_PROXY_PORT: String(proxyPort),
    LOAD_BALANCER_HEALTH_CHECK_INTERVAL: '500',
    MIN_INSTANCES: '1',
    MAX_INSTANCES: '3',
  });
  ({ drop } = await currentTestDatabase('sqlite'));
  const { db } = await import('@/lib/db');
  const { saveScalingConfig } = await import('@/lib/scaling/store');
  const { policySchema } = await import('@/lib/scaling/policy');
  // CPU target tracking at 30% of a core over 4 s, no scale-up cooldown: a load step answers fast.
  await saveScalingConfig(
    db(),
    {
      minInstances: 1,
      maxInstances: 3,
      scaleUpCooldownMs: 0,
      policies: [
        policySchema.parse({ id: 'cpu', name: 'CPU 30%', metric: 'cpu', kind: 'target', target: 30, windowMs: 4_000 }),
      ],
    },
    'test',
  );
  const { FleetService } = await import('@/lib/fleet/service');
  fleet = new FleetService('test');
  await fleet.start();
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await cluster.close();
  await drop?.();
});

describe('Kubernetes fleet', () => {
  it('puts the Deployment’s pods behind the proxy at their IP and port, and serves through them', async () => {
    expect(fleet.provider.desired).toBe(2);
    await until('both pods healthy at the proxy', () => fleet.lb.totals.healthy === 2);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = await hit(0);
      expect(r.status).toBe(200);
      if (r.id) ids.add(r.id);
    }
    expect([...ids].sort()).toEqual(cluster.podNames().sort());
    const snap = fleet.snapshot();
    expect(snap.provider).toBe('kubernetes');
    expect(snap.instances.map((i) => i.state)).toEqual(['running', 'running']);
  });

  it('reads CPU from metrics.k8s.io and scales the Deployment up under load, with the reason and the reaction time', async () => {
    // Load through the proxy: 8 at a time, 20 ms of CPU each, for up to 40 s or until scaled.
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (loading) await hit(20);
      }),
    );
    try {
      await until(
        'a CPU reading from the metrics API',
        () => (fleet.autoscaler.readings.get('cpu')?.at(-1)?.v ?? 0) > 30,
        30_000,
      );
      await until('the Deployment scaled to 3', () => cluster.replicas === 3, 40_000);
    } finally {
      loading = false;
      await load;
    }
    const put = cluster.requests.filter(
      (r) => r.method === 'PUT' && r.path === '/apis/apps/v1/namespaces/shop/deployments/web/scale',
    );
    expect(put.length).toBeGreaterThanOrEqual(1);
    const { db } = await import('@/lib/db');
    const decision = await until('the decision recorded with its reaction time', async () =>
      (await db().scalingDecision.findMany({ where: { trigger: 'auto', direction: 'up' } })).find(
        (d) => d.readyMs !== null,
      ),
    );
    expect(decision?.before).toBe(2);
    expect(decision?.after).toBe(3);
    // The reason: the CPU policy, with the reading that came from the metrics API.
    const [policy] = (
      JSON.parse(decision?.detail ?? '{}') as {
        policies: { metric: string; value: number | null; asked: number | null }[];
      }
    ).policies;
    expect(policy?.metric).toBe('cpu');
    expect(policy?.value).toBeGreaterThan(30);
    expect(policy?.asked).toBeGreaterThan(2);
    expect(decision?.readyMs).toBeGreaterThan(0);
    await until('three pods healthy at the proxy', () => fleet.lb.totals.healthy === 3);
  }, 90_000);

  it('scales down by marking the pods it drained as the ones to delete', async () => {
    const before = cluster.podNames();
    await fleet.manualScale(1, 'test', 'scale-down check');
    await until('the Deployment at one replica', () => cluster.replicas === 1 && cluster.podNames().length === 1);
    const patched = cluster.requests
      .filter((r) => r.method === 'PATCH')
      .map((r) => decodeURIComponent(r.path.split('/').at(-1) ?? ''));
    expect(patched).toHaveLength(2);
    expect(
      cluster.requests
        .filter((r) => r.method === 'PATCH')
        .every(
          (r) =>
            r.contentType === 'application/merge-patch+json' &&
            JSON.parse(r.body).metadata.annotations['controller.kubernetes.io/pod-deletion-cost'] === '-1000',
        ),
    ).toBe(true);
    expect(cluster.deleted.sort()).toEqual(patched.sort());
    expect(before).toContain(cluster.podNames()[0]);
    await until('the proxy down to one backend', () => fleet.lb.backends.size === 1);
    for (let i = 0; i < 5; i++) expect((await hit(0)).id).toBe(cluster.podNames()[0]);
  }, 60_000);
});

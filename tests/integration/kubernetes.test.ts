// The Kubernetes provider with the official client against a local HTTP server that speaks the
// Kubernetes API (a cluster cannot be reached from here): the Deployment's scale subresource
// (GET, and PUT with optimistic concurrency on resourceVersion), its pods by label selector,
// bearer-token authentication, Status objects for errors; and the rendered HPA manifest.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig, loadYaml } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hpaManifest, KubernetesProvider } from '@/lib/fleet/kubernetes';
import { defaultPolicies, scalingConfigSchema, stepExample } from '@/lib/scaling/policy';

const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
let replicas = 2;
let resourceVersion = 100;
const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});
const scale = () => ({
  kind: 'Scale',
  apiVersion: 'autoscaling/v1',
  metadata: { name: 'web', namespace: 'shop', resourceVersion: String(resourceVersion) },
  spec: { replicas },
  status: { replicas, selector: 'app=web' },
});
const pod = (i: number) => ({
  metadata: { name: `web-7d4b9-${i}`, namespace: 'shop', labels: { app: 'web' } },
  status: {
    phase: 'Running',
    podIP: `10.1.0.${i + 10}`,
    startTime: '2026-11-21T10:00:00Z',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'web', restartCount: i === 0 ? 2 : 0, ready: true, image: 'web:1', imageID: '', started: true },
    ],
  },
});

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
    const json = (code: number, b: unknown) =>
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(b));
    if (req.headers.authorization !== 'Bearer cluster-token')
      return json(401, status(401, 'Unauthorized', 'Unauthorized'));
    const url = new URL(req.url ?? '/', 'http://k8s.local');
    const m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)\/scale$/.exec(url.pathname);
    if (m) {
      if (m[1] !== 'shop' || m[2] !== 'web')
        return json(404, status(404, 'NotFound', `deployments.apps "${m[2]}" not found`));
      if (req.method === 'GET') return json(200, scale());
      if (req.method === 'PUT') {
        const b = JSON.parse(body) as { metadata?: { resourceVersion?: string }; spec?: { replicas?: number } };
        if (b.metadata?.resourceVersion !== String(resourceVersion))
          return json(
            409,
            status(
              409,
              'Conflict',
              'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
            ),
          );
        replicas = b.spec?.replicas ?? replicas;
        resourceVersion++;
        return json(200, scale());
      }
    }
    if (url.pathname === '/api/v1/namespaces/shop/pods' && url.searchParams.get('labelSelector') === 'app=web') {
      return json(200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '1' },
        items: Array.from({ length: replicas }, (_, i) => pod(i)),
      });
    }
    json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
  });
});

let kc: KubeConfig;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      { name: 'local', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'redline', token: 'cluster-token' }],
    contexts: [{ name: 'local', cluster: 'local', user: 'redline', namespace: 'shop' }],
    currentContext: 'local',
  });
});
afterAll(() => server.close());

describe('Kubernetes provider', () => {
  it('reads and sets the Deployment scale through the scale subresource, and lists its pods', async () => {
    const k = new KubernetesProvider({ namespace: 'shop', deployment: 'web' }, kc);
    expect(await k.scale()).toEqual({ desired: 2, current: 2, selector: 'app=web' });
    await k.scaleTo(5);
    expect(replicas).toBe(5);
    const put = seen.find((s) => s.method === 'PUT');
    expect(put?.url).toBe('/apis/apps/v1/namespaces/shop/deployments/web/scale');
    expect(JSON.parse(put?.body ?? '{}')).toMatchObject({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', namespace: 'shop', resourceVersion: '100' },
      spec: { replicas: 5 },
    });
    expect(seen.every((s) => s.auth === 'Bearer cluster-token')).toBe(true);
    const pods = await k.pods();
    expect(pods).toHaveLength(5);
    expect(pods[0]).toEqual({
      id: 'web-7d4b9-0',
      ip: '10.1.0.10',
      phase: 'Running',
      ready: true,
      restarts: 2,
      startedAt: Date.parse('2026-11-21T10:00:00Z'),
      port: null,
      terminating: false,
    });
  });

  it('reports the API server’s refusals', async () => {
    const missing = new KubernetesProvider({ namespace: 'shop', deployment: 'nope' }, kc);
    await expect(missing.scaleTo(3)).rejects.toThrow(/404|not found/i);
  });
});

describe('HPA manifest', () => {
  it('renders the HorizontalPodAutoscaler equivalent to a configuration, with what does not carry over', () => {
    const config = scalingConfigSchema.parse({
      minInstances: 2,
      maxInstances: 12,
      stabilizationMs: 300_000,
      policies: [...defaultPolicies(70), stepExample(80, 20)],
      schedules: [{ id: 'morning', cron: '0 8 * * *', minInstances: 4 }],
    });
    const { yaml, notes } = hpaManifest(config, { namespace: 'shop', deployment: 'web' });
    const m = loadYaml(yaml) as {
      apiVersion: string;
      kind: string;
      spec: {
        scaleTargetRef: { name: string };
        minReplicas: number;
        maxReplicas: number;
        metrics: { resource?: { name: string; target: { averageUtilization: number } } }[];
        behavior: {
          scaleDown: { stabilizationWindowSeconds: number };
          scaleUp: { policies: { type: string; value: number }[] };
        };
      };
    };
    expect(m).toMatchObject({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      spec: { scaleTargetRef: { name: 'web' }, minReplicas: 2, maxReplicas: 12 },
    });
    expect(m.spec.metrics.map((x) => x.resource?.target.averageUtilization)).toEqual([70, 80]);
    expect(m.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(m.spec.behavior.scaleUp.policies).toEqual([{ type: 'Percent', value: 100, periodSeconds: 120 }]);
    expect(notes.join('\n')).toMatch(/% of the pods' CPU request/);
    expect(notes.join('\n')).toMatch(/schedules have no HPA equivalent/);
  });
});

// A local stand-in for a Kubernetes cluster (none can be reached from here) that speaks the API's
// documented format for what Redline uses: a Deployment's scale subresource (GET, PUT with
// resourceVersion), its pods by label selector, merge patches of a pod's annotations, and
// metrics.k8s.io pod metrics; Status objects for errors; bearer-token authentication. Behind it
// the pods are real: each is a sample-service process on 127.0.0.1 with its own port, Ready once
// it answers /health (the kubelet's readiness probe), its CPU and memory read from /proc the way
// metrics-server reads cgroups. Scaling down removes the pods with the lowest
// controller.kubernetes.io/pod-deletion-cost first, then the newest, as a ReplicaSet does.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@/lib/fleet/local-provider';
import { readProc } from '@/lib/fleet/proc-stats';

const TOKEN = 'fake-cluster-token';
const COST = 'controller.kubernetes.io/pod-deletion-cost';

interface FakePod {
  name: string;
  port: number;
  proc: ChildProcess;
  created: number;
  ready: boolean;
  annotations: Record<string, string>;
  /** the last two /proc readings (CPU ticks at a time), for usage over the window between them */
  readings: { cpuTicks: number; rssBytes: number; at: number }[];
}

export class FakeCluster {
  readonly requests: { method: string; path: string; contentType: string | undefined; body: string }[] = [];
  readonly deleted: string[] = [];
  replicas: number;
  private resourceVersion = 1;
  private seq = 0;
  private readonly pods = new Map<string, FakePod>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private timer: NodeJS.Timeout | undefined;
  private dir = mkdtempSync(path.join(os.tmpdir(), 'redline-fake-cluster-'));

  constructor(
    readonly namespace: string,
    readonly deployment: string,
    replicas: number,
  ) {
    this.replicas = replicas;
  }

  /** Starts the API server and the controller loop; returns a kubeconfig file for it. */
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.timer = setInterval(() => void this.reconcile(), 250);
    await this.reconcile();
    const file = path.join(this.dir, 'kubeconfig');
    const url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    writeFileSync(
      file,
      `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${url}
    insecure-skip-tls-verify: true
users:
- name: redline
  user:
    token: ${TOKEN}
contexts:
- name: fake
  context:
    cluster: fake
    user: redline
    namespace: ${this.namespace}
current-context: fake
`,
    );
    return file;
  }

  podNames(): string[] {
    return [...this.pods.keys()];
  }

  readyCount(): number {
    return [...this.pods.values()].filter((p) => p.ready).length;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const p of this.pods.values()) p.proc.kill('SIGKILL');
    await new Promise((r) => this.server.close(r));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The ReplicaSet controller, kubelet probes and metrics-server's scrape, in one loop. */
  private async reconcile(): Promise<void> {
    while (this.pods.size < this.replicas) {
      const name = `${this.deployment}-5f7c9-${(this.seq++).toString(36).padStart(5, '0')}`;
      const port = await freePort();
      const proc = spawn(process.execPath, [path.resolve('fleet/sample-service.mjs')], {
        env: { ...process.env, PORT: String(port), INSTANCE_ID: name },
        stdio: 'ignore',
      });
      this.pods.set(name, { name, port, proc, created: Date.now(), ready: false, annotations: {}, readings: [] });
    }
    if (this.pods.size > this.replicas) {
      const cost = (p: FakePod) => Number(p.annotations[COST] ?? 0);
      const order = [...this.pods.values()].sort((a, b) => cost(a) - cost(b) || b.created - a.created);
      for (const p of order.slice(0, this.pods.size - this.replicas)) {
        p.proc.kill('SIGTERM');
        this.pods.delete(p.name);
        this.deleted.push(p.name);
      }
    }
    const now = Date.now();
    for (const p of this.pods.values()) {
      if (!p.ready) p.ready = await probe(p.port);
      const r = p.proc.pid ? await readProc(p.proc.pid, now) : null;
      if (r && (!p.readings.length || now - (p.readings.at(-1)?.at ?? 0) >= 1_000))
        p.readings = [...p.readings.slice(-1), r];
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://k8s.local');
      this.requests.push({
        method: req.method ?? '',
        path: url.pathname,
        contentType: req.headers['content-type'],
        body,
      });
      const json = (code: number, b: unknown) =>
        res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(b));
      const fail = (code: number, reason: string, message: string) =>
        json(code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return fail(401, 'Unauthorized', 'Unauthorized');
      const ns = this.namespace;
      if (url.pathname === `/apis/apps/v1/namespaces/${ns}/deployments/${this.deployment}/scale`) {
        if (req.method === 'PUT') {
          const b = JSON.parse(body) as { metadata?: { resourceVersion?: string }; spec?: { replicas?: number } };
          if (b.metadata?.resourceVersion !== String(this.resourceVersion))
            return fail(
              409,
              'Conflict',
              'the object has been modified; please apply your changes to the latest version and try again',
            );
          this.replicas = b.spec?.replicas ?? this.replicas;
          this.resourceVersion++;
        }
        return json(200, {
          kind: 'Scale',
          apiVersion: 'autoscaling/v1',
          metadata: { name: this.deployment, namespace: ns, resourceVersion: String(this.resourceVersion) },
          spec: { replicas: this.replicas },
          status: { replicas: this.pods.size, selector: `app=${this.deployment}` },
        });
      }
      if (url.pathname === `/api/v1/namespaces/${ns}/pods` && req.method === 'GET') {
        if (url.searchParams.get('labelSelector') !== `app=${this.deployment}`)
          return json(200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
        return json(200, {
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: { resourceVersion: String(this.resourceVersion) },
          items: [...this.pods.values()].map((p) => this.podJson(p)),
        });
      }
      const pod = new RegExp(`^/api/v1/namespaces/${ns}/pods/([^/]+)$`).exec(url.pathname);
      if (pod && req.method === 'PATCH') {
        const p = this.pods.get(decodeURIComponent(pod[1] ?? ''));
        if (!p) return fail(404, 'NotFound', `pods "${pod[1]}" not found`);
        if (req.headers['content-type'] !== 'application/merge-patch+json')
          return fail(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
          );
        const patch = JSON.parse(body) as { metadata?: { annotations?: Record<string, string> } };
        Object.assign(p.annotations, patch.metadata?.annotations ?? {});
        return json(200, this.podJson(p));
      }
      if (url.pathname === `/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods`) {
        const items = [...this.pods.values()].flatMap((p) => {
          const [a, b] = p.readings;
          if (!a || !b) return [];
          const cores = (b.cpuTicks - a.cpuTicks) / 100 / ((b.at - a.at) / 1000);
          return [
            {
              metadata: { name: p.name, namespace: ns, creationTimestamp: new Date().toISOString() },
              timestamp: new Date(b.at).toISOString(),
              window: `${((b.at - a.at) / 1000).toFixed(3)}s`,
              containers: [
                {
                  name: 'web',
                  usage: { cpu: `${Math.round(cores * 1e9)}n`, memory: `${Math.round(b.rssBytes / 1024)}Ki` },
                },
              ],
            },
          ];
        });
        return json(200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
      }
      fail(404, 'NotFound', 'the server could not find the requested resource');
    });
  }

  private podJson(p: FakePod) {
    return {
      metadata: {
        name: p.name,
        namespace: this.namespace,
        labels: { app: this.deployment },
        annotations: p.annotations,
        creationTimestamp: new Date(p.created).toISOString(),
      },
      spec: {
        containers: [
          { name: 'web', image: 'redline/sample-service', ports: [{ containerPort: p.port, protocol: 'TCP' }] },
        ],
      },
      status: {
        phase: 'Running',
        podIP: '127.0.0.1',
        startTime: new Date(p.created).toISOString(),
        conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }],
        containerStatuses: [
          { name: 'web', ready: p.ready, restartCount: 0, image: 'redline/sample-service', imageID: '', started: true },
        ],
      },
    };
  }
}

function probe(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 500, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

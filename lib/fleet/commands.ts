// Operator commands on the fleet and the proxy (the load-balancer actions and manual scaling),
// each validated with zod. They run on the instance that owns the fleet: directly when that is
// this one, otherwise sent over the store's pub/sub and answered on a reply channel.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError, type ErrorCode } from '../api/errors';
import { config } from '../config';
import { db } from '../db';
import { ALGORITHMS } from '../lb/algorithm-names';
import { backendSpecSchema } from '../lb/backend';
import { healthCheckSchema } from '../lb/health';
import { runAs } from '../observability/context';
import { store } from '../redis';
import { loadScalingConfig, lbConfigSchema, saveLbConfig, saveScalingConfig } from '../scaling/store';
import { updateSettings } from '../settings/service';
import { type FleetService, localFleet, SNAPSHOT_KEY } from './service';
import type { FleetSnapshot } from './views';

const serverId = z.string().min(1, 'serverId is required').max(64);
const urlServer = z.strictObject({
  id: backendSpecSchema.shape.id,
  url: z
    .url({ error: 'url is an http(s) URL' })
    .refine((u) => /^https?:\/\/[^/]+\/?$/.test(u), 'url is scheme://host:port only'),
  weight: backendSpecSchema.shape.weight,
  pool: backendSpecSchema.shape.pool,
  region: backendSpecSchema.shape.region,
  maxConnections: backendSpecSchema.shape.maxConnections,
});

export const COMMANDS = {
  scale: z.strictObject({
    instances: z.number({ error: 'instances is a number' }).int().min(0).max(1_000),
    holdMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(30 * 60_000),
    note: z.string().max(200).default(''),
  }),
  'scale-by': z.strictObject({
    delta: z.number({ error: 'count is a number' }).int().min(-1_000).max(1_000),
    holdMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(30 * 60_000),
  }),
  'release-override': z.strictObject({}),
  maintenance: z.strictObject({
    minutes: z.number().int().min(0, 'minutes is 0 (end) to 10080').max(10_080, 'minutes is 0 (end) to 10080'),
    reason: z.string().max(500).default(''),
  }),
  'add-servers': z.strictObject({ servers: z.array(urlServer).min(1).max(100) }),
  'remove-server': z.strictObject({ serverId }),
  'set-weight': z.strictObject({
    serverId,
    weight: z
      .number({ error: 'weight is a number' })
      .int('weight is a whole number')
      .min(1, 'weight is 1–100')
      .max(100, 'weight is 1–100'),
  }),
  enable: z.strictObject({ serverId }),
  disable: z.strictObject({ serverId }),
  drain: z.strictObject({ serverId }),
  'update-health-check': z.strictObject({ healthCheck: healthCheckSchema.partial() }),
  'set-algorithm': z.strictObject({
    algorithm: z.enum(ALGORITHMS, { error: `algorithm is one of ${ALGORITHMS.join(', ')}` }),
  }),
  'set-split': z.strictObject({ split: lbConfigSchema.shape.split }),
  'set-sticky': z.strictObject({ sticky: lbConfigSchema.shape.sticky }),
} as const;
export type CommandName = keyof typeof COMMANDS;

function fleetOrThrow(): FleetService {
  const f = localFleet();
  if (!f) throw new ApiError('conflict', 'No fleet is running on this instance');
  return f;
}

function backendOrThrow(f: FleetService, id: string) {
  const b = f.lb.backends.get(id);
  if (!b) throw new ApiError('not_found', `No server ${id}`, { serverId: 'unknown server id' });
  return b;
}

/** Runs a command on this instance's fleet. */
export async function runCommand(op: string, rawArgs: unknown, by: string): Promise<object> {
  if (!(op in COMMANDS)) throw new ApiError('validation_failed', `Unknown action ${op}`, { action: 'unknown' });
  const parsed = COMMANDS[op as CommandName].safeParse(rawArgs ?? {});
  if (!parsed.success)
    throw new ApiError(
      'validation_failed',
      parsed.error.issues[0]?.message ?? 'invalid',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  const args = <K extends CommandName>(k: K): z.infer<(typeof COMMANDS)[K]> =>
    COMMANDS[k].parse(rawArgs ?? {}) as z.infer<(typeof COMMANDS)[K]>;
  const f = fleetOrThrow();
  const lbSave = async (next = f.lbConfig) => f.applyLbConfig(await saveLbConfig(db(), next, by));
  switch (op as CommandName) {
    case 'scale':
    case 'scale-by': {
      const c = await loadScalingConfig(db());
      const a = op === 'scale' ? args('scale') : { ...args('scale-by'), note: '' };
      const target = 'instances' in a ? a.instances : f.provider.desired + a.delta;
      if (target < 0 || target > c.maxInstances)
        throw new ApiError('unprocessable', `Instances must be between 0 and the maximum (${c.maxInstances})`, {
          instances: `0–${c.maxInstances}`,
        });
      // Held for a while, so the autoscaler does not undo it at once (release the override to hand
      // back); without a hold, any earlier one ends, or it would pull the fleet back to its count.
      await saveScalingConfig(
        db(),
        { override: a.holdMs > 0 ? { instances: target, until: Date.now() + a.holdMs, by } : null },
        by,
      );
      return f.manualScale(
        target,
        by,
        [a.note, a.holdMs > 0 ? `held ${Math.round(a.holdMs / 60_000)} min` : ''].filter(Boolean).join(', '),
      );
    }
    case 'release-override':
      return saveScalingConfig(db(), { override: null }, by);
    case 'maintenance': {
      const a = args('maintenance');
      return saveScalingConfig(
        db(),
        { maintenance: a.minutes > 0 ? { until: Date.now() + a.minutes * 60_000, reason: a.reason, by } : null },
        by,
      );
    }
    case 'add-servers': {
      const added = [];
      for (const s of args('add-servers').servers) {
        if (f.lb.backends.has(s.id)) throw new ApiError('conflict', `Server ${s.id} exists already`, { id: 'taken' });
        const u = new URL(s.url);
        const spec = backendSpecSchema.parse({
          id: s.id,
          host: u.hostname.replace(/^\[|\]$/g, ''),
          port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
          weight: s.weight,
          pool: s.pool,
          region: s.region,
          maxConnections: s.maxConnections,
        });
        await db().lbServer.create({ data: { ...spec, region: spec.region ?? null } });
        f.addManual(spec);
        added.push(spec);
      }
      return { added };
    }
    case 'remove-server': {
      const { serverId } = args('remove-server');
      backendOrThrow(f, serverId);
      if (!(await db().lbServer.deleteMany({ where: { id: serverId } })).count)
        throw new ApiError('conflict', `${serverId} is a fleet instance: scale down instead`);
      await f.lb.drain(serverId, 10_000);
      f.removeManual(serverId);
      return { removed: serverId };
    }
    case 'set-weight':
    case 'enable':
    case 'disable': {
      const b = backendOrThrow(f, op === 'set-weight' ? args('set-weight').serverId : args(op as 'enable').serverId);
      const patch: { weight?: number; enabled?: boolean } =
        op === 'set-weight' ? { weight: args('set-weight').weight } : { enabled: op === 'enable' };
      f.lb.patch(b.spec.id, op === 'enable' ? { ...patch, draining: false } : patch);
      if (await db().lbServer.findUnique({ where: { id: b.spec.id } }))
        await db().lbServer.update({ where: { id: b.spec.id }, data: patch });
      else
        await lbSave({
          ...f.lbConfig,
          overrides: { ...f.lbConfig.overrides, [b.spec.id]: { ...f.lbConfig.overrides[b.spec.id], ...patch } },
        });
      return { serverId: b.spec.id, ...patch };
    }
    case 'drain': {
      const { serverId } = args('drain');
      backendOrThrow(f, serverId);
      const drained = await f.lb.drain(serverId, 30_000);
      return { serverId, drained, note: 'No new requests go to it; enable it to take traffic again' };
    }
    case 'update-health-check':
      await lbSave({
        ...f.lbConfig,
        healthCheck: healthCheckSchema.parse({ ...f.lbConfig.healthCheck, ...args('update-health-check').healthCheck }),
      });
      return f.lbConfig.healthCheck;
    case 'set-algorithm': {
      const { algorithm } = args('set-algorithm');
      await updateSettings({ 'loadBalancer.algorithm': algorithm }, by);
      f.lb.setAlgorithm(algorithm);
      return { algorithm };
    }
    case 'set-split':
      await lbSave({ ...f.lbConfig, split: args('set-split').split });
      return { split: f.lbConfig.split };
    case 'set-sticky':
      await lbSave({ ...f.lbConfig, sticky: args('set-sticky').sticky });
      return { sticky: f.lbConfig.sticky };
  }
}

const COMMAND_CHANNEL = 'fleet:commands';
const REPLY_CHANNEL = 'fleet:replies';

/** Runs a command wherever the fleet is: here, or on its owner through the store (10 s to answer). */
export async function fleetCommand(op: string, args: unknown, by: string): Promise<object> {
  if (localFleet()) return runCommand(op, args, by);
  if (config().FLEET_PROVIDER === 'none')
    throw new ApiError(
      'conflict',
      'No fleet is managed here (FLEET_PROVIDER=none); set FLEET_PROVIDER to local or kubernetes to run one',
    );
  const id = randomUUID();
  let unsubscribe: (() => Promise<void>) | undefined;
  const reply = new Promise<{
    ok: boolean;
    result?: unknown;
    error?: { message: string; code: ErrorCode; details?: unknown };
  }>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new ApiError('unavailable', 'The instance running the fleet did not answer; is one running?', undefined, {
            'retry-after': '5',
          }),
        ),
      10_000,
    );
    void store()
      .subscribe(REPLY_CHANNEL, (raw) => {
        const r = JSON.parse(raw) as { id: string; ok: boolean };
        if (r.id !== id) return;
        clearTimeout(timer);
        resolve(r);
      })
      .then((u) => {
        unsubscribe = u;
        return store().publish(COMMAND_CHANNEL, JSON.stringify({ id, op, args, by }));
      });
  });
  try {
    const r = await reply;
    if (r.ok) return (r.result ?? {}) as object;
    throw new ApiError(r.error?.code ?? 'internal_error', r.error?.message ?? 'failed', r.error?.details);
  } finally {
    await unsubscribe?.();
  }
}

/** The owner's side: answers the commands the other instances send. Returns a stop function. */
export function followCommands(): Promise<() => Promise<void>> {
  return store().subscribe(COMMAND_CHANNEL, (raw) => {
    if (!localFleet()) return;
    let msg: { id: string; op: string; args: unknown; by: string };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      return;
    }
    void runAs({ route: '(fleet)', internal: true }, () => runCommand(msg.op, msg.args, msg.by))
      .then((result) => ({ id: msg.id, ok: true, result }))
      .catch((e: ApiError | Error) => ({
        id: msg.id,
        ok: false,
        error: {
          message: e.message,
          code: e instanceof ApiError ? e.code : 'internal_error',
          details: e instanceof ApiError ? e.details : undefined,
        },
      }))
      .then((r) => store().publish(REPLY_CHANNEL, JSON.stringify(r)));
  });
}

/** The fleet as the console sees it: from this instance, or the owner's published snapshot. */
export async function fleetState(): Promise<FleetSnapshot | null> {
  const f = localFleet();
  if (f) return f.snapshot();
  const raw = await store().get(SNAPSHOT_KEY);
  return raw ? (JSON.parse(raw) as FleetSnapshot) : null;
}

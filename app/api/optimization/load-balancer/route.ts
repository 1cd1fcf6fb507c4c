import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { db } from '@/lib/db';
import { lbCommand, lbGetQuery, lbPostBody, lbPutBody } from '@/lib/compat/optimization-load-balancer';
import { fleetCommand, fleetState } from '@/lib/fleet/commands';
import { loadScalingConfig } from '@/lib/scaling/store';

async function stateOrThrow() {
  const s = await fleetState();
  if (!s)
    throw new ApiError(
      'unavailable',
      'No fleet is running: LOAD_BALANCER_ENABLED=false, FLEET_PROVIDER=none, or its instance is starting',
      undefined,
      { 'retry-after': '5' },
    );
  return s;
}

// GET /api/optimization/load-balancer?action=config|server|stats – the proxy's configuration, one server, all of them
export const GET = route({ role: 'viewer', query: lbGetQuery }, async ({ query: q }) => {
  const s = await stateOrThrow();
  if (q.action === 'config')
    return {
      algorithm: s.proxy.algorithm,
      proxyUrl: s.proxy.url,
      ...s.proxy.lb,
      autoScaling: await loadScalingConfig(db()),
    };
  if (q.action === 'stats')
    return {
      provider: s.provider,
      totals: s.totals,
      backends: s.backends,
      instances: s.instances,
      desired: s.desired,
      at: new Date(s.at).toISOString(),
    };
  if (!q.serverId) throw new ApiError('validation_failed', 'action=server needs serverId', { serverId: 'required' });
  const b = s.backends.find((x) => x.id === q.serverId);
  if (!b) throw new ApiError('not_found', `No server ${q.serverId}`, { serverId: 'unknown server id' });
  return b;
});

// POST /api/optimization/load-balancer {action:'add-servers', servers:[{id,url,weight}]} – adds servers by address (operator)
export const POST = route(
  { role: 'operator', body: lbPostBody, action: 'lb.add-servers', status: 201 },
  async ({ body, principal }) => {
    const c = lbCommand(body);
    return Response.json(await fleetCommand(c.op, c.args, principalLabel(principal)), { status: 201 });
  },
);

// PUT /api/optimization/load-balancer {action: update-health-check|scale-up|scale-down|set-weight|enable|disable|drain|set-algorithm|set-split|set-sticky|remove-server, …} – changes the proxy or the fleet (operator)
export const PUT = route({ role: 'operator', body: lbPutBody, action: 'lb.update' }, async ({ body, principal }) => {
  const c = lbCommand(body);
  return fleetCommand(c.op, c.args, principalLabel(principal));
});

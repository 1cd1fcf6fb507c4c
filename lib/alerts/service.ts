// Alert rules, channels, silences and events in the database.
import { ApiError } from '../api/errors';
import { db } from '../db';
import { liveSetting } from '../settings/live';
import { type ChannelConfig, channelConfig, type RuleBody, type SilenceBody } from './schemas';
import { randomBytes } from 'node:crypto';
import { keepUnlessChanged, redactUrl } from '../net/redact';

const SECRET_FIELDS = ['secret', 'password'] as const;

/**
 * Channel config as the API shows it, to every role: secrets replaced by a marker saying one is
 * set, and a webhook's or Slack's URL — itself the credential — as its scheme and host.
 */
export function maskConfig(config: ChannelConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const f of SECRET_FIELDS) if (f in out && out[f]) out[f] = '••••••';
  if (config.type !== 'email') out.url = redactUrl(config.url, 'destination');
  return out;
}

function ruleRow<T extends { filter: string; channelIds: string }>(
  r: T,
): Omit<T, 'filter' | 'channelIds'> & { filter: Record<string, string>; channelIds: string[] } {
  return {
    ...r,
    filter: JSON.parse(r.filter) as Record<string, string>,
    channelIds: JSON.parse(r.channelIds) as string[],
  };
}

export async function listRules() {
  const rules = await db().alertRule.findMany({ include: { state: true }, orderBy: { name: 'asc' } });
  return rules.map(ruleRow);
}

async function checkChannels(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db().alertChannel.count({ where: { id: { in: [...ids] } } });
  if (found !== new Set(ids).size)
    throw new ApiError('unprocessable', 'Some channelIds do not name an existing channel', { channelIds: ids });
}

export async function createRule(body: RuleBody) {
  await checkChannels(body.channelIds);
  const rule = await db().alertRule.create({
    data: {
      ...body,
      filter: JSON.stringify(body.filter),
      channelIds: JSON.stringify(body.channelIds),
      cooldownMs: body.cooldownMs ?? liveSetting('monitoring.alerts.cooldownMs'),
    },
  });
  return ruleRow(rule);
}

export async function updateRule(id: string, body: RuleBody) {
  await checkChannels(body.channelIds);
  const rule = await db().alertRule.update({
    where: { id },
    data: {
      ...body,
      filter: JSON.stringify(body.filter),
      channelIds: JSON.stringify(body.channelIds),
      cooldownMs: body.cooldownMs ?? liveSetting('monitoring.alerts.cooldownMs'),
    },
  });
  // A changed rule starts over: an open episode is closed by the next evaluation if it no longer holds.
  return ruleRow(rule);
}

export async function deleteRule(id: string): Promise<void> {
  await db().alertRule.delete({ where: { id } });
}

export async function listChannels() {
  const rows = await db().alertChannel.findMany({ orderBy: { name: 'asc' } });
  return rows.map((c) => ({ ...c, config: maskConfig(channelConfig.parse(JSON.parse(c.config))) }));
}

/** Webhooks get a signing secret even when none is given; it is shown once, at creation. */
export async function createChannel(body: { name: string; enabled: boolean; config: ChannelConfig }) {
  const config =
    body.config.type === 'webhook' && !body.config.secret
      ? { ...body.config, secret: randomBytes(24).toString('base64url') }
      : body.config;
  const row = await db().alertChannel.create({
    data: { name: body.name, type: config.type, enabled: body.enabled, config: JSON.stringify(config) },
  });
  return { ...row, config: maskConfig(config), secret: config.type === 'webhook' ? config.secret : undefined };
}

/** A secret left as the mask keeps the stored one. */
export async function updateChannel(id: string, body: { name: string; enabled: boolean; config: ChannelConfig }) {
  const existing = await db().alertChannel.findUnique({ where: { id } });
  if (!existing) throw new ApiError('not_found', 'No such channel');
  const old = channelConfig.parse(JSON.parse(existing.config)) as Record<string, unknown>;
  const next = { ...body.config } as Record<string, unknown>;
  for (const f of SECRET_FIELDS) if (next[f] === '••••••') next[f] = old[f];
  if (typeof next.url === 'string')
    next.url = keepUnlessChanged(next.url, typeof old.url === 'string' ? old.url : undefined, 'destination');
  const config = channelConfig.parse(next);
  const row = await db().alertChannel.update({
    where: { id },
    data: { name: body.name, type: config.type, enabled: body.enabled, config: JSON.stringify(config) },
  });
  return { ...row, config: maskConfig(config) };
}

export async function deleteChannel(id: string): Promise<void> {
  await db().alertChannel.delete({ where: { id } });
}

export async function acknowledge(eventId: number, by: string) {
  const res = await db().alertEvent.updateMany({
    where: { id: eventId, acknowledgedAt: null },
    data: { acknowledgedAt: new Date(), acknowledgedBy: by },
  });
  if (res.count === 0) {
    const exists = await db().alertEvent.count({ where: { id: eventId } });
    throw new ApiError(exists ? 'conflict' : 'not_found', exists ? 'Already acknowledged' : 'No such alert event');
  }
  return db().alertEvent.findUniqueOrThrow({ where: { id: eventId } });
}

export async function listEvents(page: number, pageSize: number, status?: string) {
  const where = status ? { status } : {};
  const [data, count] = await db().$transaction([
    db().alertEvent.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { rule: { select: { name: true, metric: true } } },
    }),
    db().alertEvent.count({ where }),
  ]);
  return { data, count, page, pageSize };
}

export async function listDeliveries(page: number, pageSize: number) {
  const [data, count] = await db().$transaction([
    db().alertDelivery.findMany({
      orderBy: { id: 'desc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { channel: { select: { name: true, type: true } } },
    }),
    db().alertDelivery.count(),
  ]);
  return { data: data.map(({ payload: _payload, ...d }) => d), count, page, pageSize };
}

export async function createSilence(body: SilenceBody, by: string) {
  return db().alertSilence.create({
    data: {
      ruleId: body.ruleId,
      comment: body.comment,
      startsAt: body.startsAt ? new Date(body.startsAt) : body.cron ? null : new Date(),
      endsAt: body.endsAt ? new Date(body.endsAt) : null,
      cron: body.cron ?? null,
      durationMs: body.durationMs ?? null,
      createdBy: by,
    },
  });
}

export async function deleteSilence(id: string): Promise<void> {
  await db().alertSilence.delete({ where: { id } });
}

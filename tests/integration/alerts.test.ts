// Alerts end to end on both providers: a threshold rule fires from real points, its webhook
// (signed), Slack and email notifications reach local listeners, a failed delivery is retried,
// recovery resolves it, silences hold notifications back.
import '../helpers/open-loopback';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '@/lib/alerts/delivery';
import { evaluateRules } from '@/lib/alerts/engine';
import { sign } from '@/lib/alerts/payload';
import { acknowledge, createChannel, createRule } from '@/lib/alerts/service';
import { closeDatabase, type Db, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { storePoints } from '@/lib/metrics';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';
import { httpListener, smtpListener } from '../helpers/listeners';

describe.each(PROVIDERS)('alerts on %s', (provider) => {
  let tdb: TestDatabase;
  let db: Db;
  let webhook: Awaited<ReturnType<typeof httpListener>>;
  let slack: Awaited<ReturnType<typeof httpListener>>;
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  let secret: string;
  let ruleId: string;
  const base = Date.now();
  const cpu = (value: number, at: number) =>
    storePoints([{ name: 'cpu_test', labels: { host: 'a' }, value, ts: at - 5_000, type: 'gauge' }]);
  const evaluate = (at: number) => evaluateRules(db, { now: at, baseUrl: 'http://console.test', enabled: true });

  beforeAll(async () => {
    tdb = await createTestDatabase(provider);
    await applyMigrations(tdb.target);
    db = await switchDatabase(tdb.target);
    webhook = await httpListener([500]); // the first attempt fails
    slack = await httpListener();
    smtp = await smtpListener();
    const hook = await createChannel({ name: 'hook', enabled: true, config: { type: 'webhook', url: webhook.url } });
    secret = hook.secret as string;
    const sl = await createChannel({ name: 'slack', enabled: true, config: { type: 'slack', url: slack.url } });
    const mail = await createChannel({
      name: 'mail',
      enabled: true,
      config: {
        type: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        from: 'redline@example.com',
        to: ['oncall@example.com'],
      },
    });
    const rule = await createRule({
      name: 'CPU high',
      kind: 'threshold',
      metric: 'cpu_test',
      filter: { host: 'a' },
      aggregation: 'avg',
      windowMs: 60_000,
      comparator: '>',
      threshold: 80,
      forMs: 0,
      hysteresis: 5,
      severity: 'critical',
      cooldownMs: 300_000,
      channelIds: [hook.id, sl.id, mail.id],
      enabled: true,
    });
    ruleId = rule.id;
  });
  afterAll(async () => {
    await Promise.all([webhook.close(), slack.close(), smtp.close()]);
    await closeDatabase();
    await tdb.drop();
  });

  it('fires and delivers to webhook (signed, retried), Slack and email', async () => {
    const t1 = base + 60_000;
    await cpu(95, t1);
    expect(await evaluate(t1)).toMatchObject({ evaluated: 1, fired: 1, notifications: 3 });
    expect(slack.received).toHaveLength(1);
    expect(JSON.parse(slack.received[0]?.body ?? '{}').text).toContain('[FIRING] CPU high');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.to).toEqual(['oncall@example.com']);
    expect(smtp.messages[0]?.raw).toContain('Subject: [FIRING] CPU high');

    // The webhook answered 500: logged, retried later with back-off.
    const failed = await db.alertDelivery.findFirstOrThrow({ where: { channel: { name: 'hook' } } });
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, responseCode: 500 });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    await deliverDue(db, new Date(Date.now() + 60_000));
    expect(await db.alertDelivery.findFirstOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: 'sent',
      attempts: 2,
      responseCode: 200,
    });

    const delivered = webhook.received[1];
    const body = delivered?.body ?? '';
    expect(JSON.parse(body)).toMatchObject({
      kind: 'firing',
      rule: { name: 'CPU high', threshold: 80 },
      event: { value: 95 },
    });
    const ts = String(delivered?.headers['x-redline-timestamp']);
    expect(delivered?.headers['x-redline-signature']).toBe(sign(secret, ts, body));
  });

  it('stays firing while the value flaps inside the hysteresis, then resolves and says so', async () => {
    const t2 = base + 120_000;
    await cpu(78, t2); // below 80 but not below 75: still firing
    expect(await evaluate(t2)).toMatchObject({ resolved: 0 });
    const t3 = base + 240_000;
    await cpu(40, t3);
    expect(await evaluate(t3)).toMatchObject({ resolved: 1, notifications: 3 });
    const event = await db.alertEvent.findFirstOrThrow({ where: { ruleId } });
    expect(event).toMatchObject({ status: 'resolved', peakValue: 95 });
    expect(JSON.parse(slack.received[1]?.body ?? '{}').text).toContain('[RESOLVED]');
    const acked = await acknowledge(event.id, 'someone@example.com');
    expect(acked.acknowledgedBy).toBe('someone@example.com');
    await expect(acknowledge(event.id, 'x')).rejects.toThrow(/Already acknowledged/);
  });

  it('fires without notifying while silenced, and respects the cooldown after', async () => {
    await db.alertSilence.create({
      data: {
        ruleId,
        comment: 'maintenance',
        startsAt: new Date(base),
        endsAt: new Date(base + 400_000),
        createdBy: 'test',
      },
    });
    const t4 = base + 360_000;
    await cpu(99, t4);
    const before = slack.received.length;
    expect(await evaluate(t4)).toMatchObject({ fired: 1, notifications: 0 });
    expect(slack.received.length).toBe(before);
    const silenced = await db.alertEvent.findFirstOrThrow({ where: { ruleId, status: 'firing' } });
    expect(silenced.silenced).toBe(true);
  });
});

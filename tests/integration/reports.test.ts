// Scheduled reports reach their channels: the PDF attached to the email, a link to the webhook.
import '../helpers/open-loopback';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '@/lib/alerts/payload';
import { createChannel } from '@/lib/alerts/service';
import { closeDatabase, type Db, switchDatabase } from '@/lib/db';
import { applyMigrations } from '@/lib/db/migrate';
import { isDue, sendDueReports } from '@/lib/reports/schedule';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { httpListener, smtpListener } from '../helpers/listeners';

describe('isDue', () => {
  const created = new Date('2026-01-05T06:00:00'); // a Monday, local time
  it.each([
    ['daily', null, '2026-01-05T06:59:00', false],
    ['daily', null, '2026-01-05T07:00:00', true],
    ['daily', '2026-01-05T07:00:00', '2026-01-06T06:59:00', false],
    ['daily', '2026-01-05T07:00:00', '2026-01-06T07:01:00', true],
    ['weekly', '2026-01-05T07:00:00', '2026-01-11T07:00:00', false],
    ['weekly', '2026-01-05T07:00:00', '2026-01-12T07:00:00', true],
  ] as const)('%s, last sent %s, at %s → %s', (cadence, last, now, due) => {
    expect(isDue(cadence, last ? new Date(last) : null, created, new Date(now).getTime())).toBe(due);
  });
});

describe('scheduled report delivery', () => {
  let tdb: TestDatabase;
  let db: Db;
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  let hook: Awaited<ReturnType<typeof httpListener>>;
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    await applyMigrations(tdb.target);
    db = await switchDatabase(tdb.target);
    smtp = await smtpListener();
    hook = await httpListener();
  });
  afterAll(async () => {
    await Promise.all([smtp.close(), hook.close()]);
    await closeDatabase();
    await tdb.drop();
  });

  it('sends what is due, once', async () => {
    const mail = await createChannel({
      name: 'mail',
      enabled: true,
      config: {
        type: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        from: 'redline@example.com',
        to: ['team@example.com'],
      },
    });
    const wh = await createChannel({ name: 'hook', enabled: true, config: { type: 'webhook', url: hook.url } });
    await db.reportSchedule.create({
      data: {
        name: 'ops',
        cadence: 'daily',
        channelIds: JSON.stringify([mail.id, wh.id]),
        createdAt: new Date(Date.now() - 2 * 86_400_000),
      },
    });
    expect(await sendDueReports('http://console.test')).toEqual({ reports: 1 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.raw).toContain('Content-Type: application/pdf');
    expect(smtp.messages[0]?.raw).toContain('redline-report.pdf');
    const body = hook.received[0]?.body ?? '';
    expect(JSON.parse(body)).toMatchObject({
      kind: 'report',
      url: expect.stringContaining('http://console.test/api/performance/reports?range=custom'),
    });
    expect(hook.received[0]?.headers['x-redline-signature']).toBe(
      sign(wh.secret as string, String(hook.received[0]?.headers['x-redline-timestamp']), body),
    );
    expect(await db.alertDelivery.count({ where: { kind: 'report', status: 'sent' } })).toBe(2);
    expect(await sendDueReports('http://console.test')).toEqual({ reports: 0 }); // not again until the next 07:00
  });
});

// GET /api/performance/alerts: what is firing or pending now, recent history, silences.
import { db } from '../db';
import { silenceActive } from './silence';

export async function alertsOverview() {
  const now = Date.now();
  const [states, recent, silences, rules] = await Promise.all([
    db().alertState.findMany({
      where: { state: { in: ['pending', 'firing'] } },
      include: {
        rule: {
          select: {
            id: true,
            name: true,
            metric: true,
            severity: true,
            threshold: true,
            comparator: true,
            aggregation: true,
          },
        },
      },
    }),
    db().alertEvent.findMany({
      orderBy: { id: 'desc' },
      take: 50,
      include: { rule: { select: { name: true, metric: true } } },
    }),
    db().alertSilence.findMany({ orderBy: { createdAt: 'desc' } }),
    db().alertRule.count(),
  ]);
  return {
    rules,
    active: states.map((s) => ({ ...s, event: recent.find((e) => e.id === s.eventId) ?? null })),
    events: recent,
    silences: silences.map((s) => ({ ...s, active: silenceActive(s, now) })),
  };
}

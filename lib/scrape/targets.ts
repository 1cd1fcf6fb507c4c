// Scrape targets in the database: the rows behind Settings → Scrape targets.
import { db } from '../db';
import type { TargetBody } from './schemas';
import { type ScrapeOutcome, scrapeTarget } from './service';

const toView = <T extends { labels: string }>(t: T) => ({
  ...t,
  labels: JSON.parse(t.labels) as Record<string, string>,
});

export async function listTargets() {
  return (await db().scrapeTarget.findMany({ orderBy: { name: 'asc' } })).map(toView);
}

export async function createTarget(body: TargetBody) {
  return toView(await db().scrapeTarget.create({ data: { ...body, labels: JSON.stringify(body.labels) } }));
}

export async function updateTarget(id: string, body: TargetBody) {
  return toView(
    await db().scrapeTarget.update({ where: { id }, data: { ...body, labels: JSON.stringify(body.labels) } }),
  );
}

export async function deleteTarget(id: string): Promise<void> {
  await db().scrapeTarget.delete({ where: { id } });
}

/** Scrapes one target now (404 when it does not exist). */
export async function scrapeNow(id: string): Promise<ScrapeOutcome> {
  return scrapeTarget(await db().scrapeTarget.findUniqueOrThrow({ where: { id } }));
}

// Scrape targets in the database: the rows behind Settings → Scrape targets. A target's URL is
// shown with its credentials (user:password@, query values) masked, to every role.
import { ApiError } from '../api/errors';
import { db } from '../db';
import { keepUnlessChanged, redactUrl } from '../net/redact';
import type { TargetBody } from './schemas';
import { type ScrapeOutcome, scrapeTarget } from './service';

const toView = <T extends { labels: string; url: string }>(t: T) => ({
  ...t,
  url: redactUrl(t.url, 'endpoint'),
  labels: JSON.parse(t.labels) as Record<string, string>,
});

export async function listTargets() {
  return (await db().scrapeTarget.findMany({ orderBy: { name: 'asc' } })).map(toView);
}

export async function createTarget(body: TargetBody) {
  return toView(await db().scrapeTarget.create({ data: { ...body, labels: JSON.stringify(body.labels) } }));
}

export async function updateTarget(id: string, body: TargetBody) {
  const old = await db().scrapeTarget.findUnique({ where: { id }, select: { url: true } });
  if (!old) throw new ApiError('not_found', 'No such scrape target');
  const url = keepUnlessChanged(body.url, old.url, 'endpoint');
  return toView(
    await db().scrapeTarget.update({ where: { id }, data: { ...body, url, labels: JSON.stringify(body.labels) } }),
  );
}

export async function deleteTarget(id: string): Promise<void> {
  await db().scrapeTarget.delete({ where: { id } });
}

/** Scrapes one target now (404 when it does not exist). */
export async function scrapeNow(id: string): Promise<ScrapeOutcome> {
  return scrapeTarget(await db().scrapeTarget.findUniqueOrThrow({ where: { id } }));
}

// CloudFront invalidations through the official AWS SDK (CreateInvalidation). Credentials come
// from the SDK's usual chain (environment, profile, instance role); `endpoint` points it
// elsewhere (tests use a local server speaking CloudFront's REST XML API).
import { randomUUID } from 'node:crypto';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { InvalidationRequest } from './invalidation';
import type { ProviderAnswer } from './providers';

export { type InvalidationRequest, invalidationPaths } from './invalidation';

const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyInvalidationsInProgress',
  'TooManyRequestsException',
]);

export function cloudfrontSender(opts: { region: string; endpoint?: string }) {
  const client = new CloudFrontClient({ region: opts.region, endpoint: opts.endpoint, maxAttempts: 1 }); // the queue retries
  return async (req: InvalidationRequest): Promise<ProviderAnswer> => {
    try {
      const out = await client.send(
        new CreateInvalidationCommand({
          DistributionId: req.distributionId,
          InvalidationBatch: {
            CallerReference: `redline-${randomUUID()}`,
            Paths: { Quantity: req.paths.length, Items: req.paths },
          },
        }),
      );
      return { ok: true, id: out.Invalidation?.Id };
    } catch (err) {
      const e = err as { name?: string; message?: string };
      if (e.name && THROTTLED.has(e.name)) return { ok: false, error: `CloudFront: ${e.name}`, retryAfterMs: 5_000 };
      return { ok: false, error: `CloudFront: ${e.name ?? 'error'}: ${e.message ?? ''}` };
    }
  };
}

// Pure: CloudFront invalidation requests, apart from the AWS SDK (loaded only when CloudFront is used).
export interface InvalidationRequest {
  distributionId: string;
  paths: string[];
}

/** A local purge as CloudFront paths (a trailing * is CloudFront's prefix wildcard). */
export function invalidationPaths(type: 'path' | 'prefix' | 'all', path: string | undefined): string[] {
  if (type === 'all') return ['/*'];
  const p = `/d/${(path ?? '').replace(/^\/+/, '')}`;
  return [`${p}*`]; // a path's signed URLs differ by query string: the wildcard covers them all
}

// The lean delivery listener's handler: `/d/<path>?w=&h=&fit=&q=&f=&v=&exp=&sig=` (images) or
// `/d/<path>?v=&exp=&sig=` (CSS, JS, SVG, JSON …, compressed as the client accepts) is answered by
// the custom server before Next.js sees it (no route machinery, no session or token lookup): the
// signature is the authorization. Shares lib/images with the API, so the variants are the same.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/errors';
import { ALL_TAG, sourceTag } from '../cdn';
import { config } from '../config';
import { assetMeta } from '../images/asset-meta';
import { encodeSlot } from '../images/encode-slot';
import { SourceRefused } from '../images/local-source';
import { transformSchema } from '../images/options';
import { variantReply } from '../images/respond';
import { optimize } from '../images/service';
import { metrics } from '../metrics';
import { liveSetting } from '../settings/live';
import { fail, send } from './reply';
import { deliverySecret } from './secret';
import { verifyUrl } from './signing';
import { isTextAsset, loadTextAsset } from './text-assets';

/** Tags for edge purges: Cloudflare reads Cache-Tag, Fastly Surrogate-Key. */
function tagReply(headers: Record<string, string>, src: string): void {
  const tags = [sourceTag(src), ALL_TAG, ...(assetMeta(src)?.tags ?? [])];
  headers['cache-tag'] = tags.join(',');
  headers['surrogate-key'] = tags.join(' ');
}

/** DELIVERY_TEST_DELAY_MS: CPU held on purpose (not a timer, which would cost no throughput). */
function testDelay(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

export async function serveDelivery(req: IncomingMessage, res: ServerResponse, clientIp: string): Promise<void> {
  const started = performance.now();
  const delay = config().DELIVERY_TEST_DELAY_MS;
  if (delay) testDelay(delay);
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(res, 405, 'method_not_allowed', 'Delivery URLs answer GET and HEAD');
    const url = new URL(req.url ?? '/', 'http://delivery.local');
    const v = verifyUrl(deliverySecret(), url, clientIp);
    if (!v.ok) return fail(res, v.status, v.status === 410 ? 'gone' : 'forbidden', `Delivery refused: ${v.reason}`);
    const p = v.params;
    const version = p.get('v');
    if (isTextAsset(v.src)) {
      const asset = await loadTextAsset(
        v.src,
        typeof req.headers['accept-encoding'] === 'string' ? req.headers['accept-encoding'] : undefined,
      );
      if (version && !asset.hash.startsWith(version))
        return fail(res, 410, 'gone', 'The source has changed since this URL was made; ask for a new one');
      // Each encoding is its own representation: its own strong tag, and Vary says why.
      const etag = `"${asset.hash.slice(0, 32)}${asset.encoding === 'identity' ? '' : `-${asset.encoding}`}"`;
      const reply = variantReply(
        req.headers['if-none-match'] ?? null,
        typeof req.headers.range === 'string' ? req.headers.range : null,
        { bytes: asset.bytes, contentType: asset.contentType, etag },
        false,
      );
      reply.headers['cache-control'] = asset.cacheControl;
      tagReply(reply.headers, v.src);
      reply.headers.vary = 'Accept-Encoding';
      // Even a clean SVG is a document on our origin: nothing in it may run or load.
      if (asset.contentType === 'image/svg+xml')
        reply.headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
      if (asset.encoding !== 'identity' && reply.status !== 304) reply.headers['content-encoding'] = asset.encoding;
      return send(res, reply.status, reply.headers, req.method === 'HEAD' ? undefined : reply.body);
    }
    // Turning image optimization off (Settings) stops new variants here too, not only in the API.
    if (!liveSetting('images.enabled'))
      return fail(res, 409, 'conflict', 'Image optimization is turned off (images.enabled)');
    const t = transformSchema.safeParse({
      width: p.get('w') ?? undefined,
      height: p.get('h') ?? undefined,
      fit: p.get('fit') ?? undefined,
      quality: p.get('q') ?? undefined,
      format: p.get('f') ?? undefined,
    });
    if (!t.success) return fail(res, 400, 'validation_failed', t.error.issues[0]?.message ?? 'bad parameters');
    const out = await optimize(v.src, t.data, req.headers.accept ?? null, { encodeSlot });
    // The URL names one version of the source: once the file changes it is gone, never other bytes
    // under an immutable cache header.
    if (version && !out.sourceHash.startsWith(version))
      return fail(res, 410, 'gone', 'The source has changed since this URL was made; ask for a new one');
    const reply = variantReply(
      req.headers['if-none-match'] ?? null,
      typeof req.headers.range === 'string' ? req.headers.range : null,
      out,
      t.data.format === 'auto',
    );
    tagReply(reply.headers, v.src);
    send(res, reply.status, reply.headers, req.method === 'HEAD' ? undefined : reply.body);
  } catch (err) {
    if (err instanceof ApiError) return fail(res, err.status, err.code, err.message, err.headers);
    if (err instanceof SourceRefused)
      return fail(res, err.kind === 'not_found' ? 404 : err.kind === 'too_large' ? 413 : 400, err.kind, err.message);
    console.error(`[delivery] ${(err as Error).message}`);
    return fail(res, 500, 'internal_error', 'Delivery failed');
  } finally {
    metrics().histogram('http_server_request_duration_ms', performance.now() - started, {
      service: 'redline',
      route: '/d/[...path]',
      method: req.method ?? 'GET',
      status: String(res.statusCode),
    });
  }
}

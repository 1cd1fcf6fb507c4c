import { ApiError, badRequestOnThrow } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { principalLabel } from '@/lib/auth/principal';
import { config } from '@/lib/config';
import { imagesConfigPatch, imagesGetQuery, imagesPostBody, imagesPutBody } from '@/lib/compat/optimization-images';
import { optimizeBatch } from '@/lib/images/batch';
import { cancelJob, createJob, getJob, listJobs } from '@/lib/images/jobs';
import { db } from '@/lib/db';
import { responsiveSet } from '@/lib/images/responsive';
import { encodeSlot } from '@/lib/images/encode-slot';
import { describeSource, imagePolicy, loadSource, optimize, variantCache } from '@/lib/images/service';
import { variantResponse } from '@/lib/images/respond';
import { effectiveSettings, updateSettings } from '@/lib/settings/service';

// GET /api/optimization/images?action=config|optimize|responsive|stats|describe|source – the images API (compatibility shape).
// Admitted as a read (lib/server/admission.ts): whatever encodes takes an encode slot here.
export const GET = route({ role: 'viewer', query: imagesGetQuery }, async ({ query: q, req }) => {
  switch (q.action) {
    case 'config':
      return {
        enabled: (await effectiveSettings())['images.enabled'],
        ...(await imagePolicy()),
        placeholders: config().IMAGE_OPTIMIZATION_PLACEHOLDERS,
        lazyLoading: config().IMAGE_OPTIMIZATION_LAZY_LOADING,
      };
    case 'stats':
      return { cache: await variantCache().stats() };
    case 'jobs':
      return { jobs: await listJobs(db()) };
    case 'job':
      if (!q.id) throw new ApiError('validation_failed', 'action=job needs id', { id: 'required' });
      return getJob(db(), q.id);
  }
  if (!q.src) throw new ApiError('validation_failed', `action=${q.action} needs src`, { src: 'required' });
  if (!(await effectiveSettings())['images.enabled'])
    throw new ApiError(
      'conflict',
      'Image optimization is turned off (images.enabled); turn it on in Settings → Runtime',
    );
  if (q.action === 'describe') return describeSource(q.src, encodeSlot);
  if (q.action === 'source') {
    // The original, for before/after comparison (same confinement and checks as optimize).
    const s = await loadSource(q.src);
    return variantResponse(
      req,
      {
        bytes: await s.bytes(),
        contentType: `image/${s.info.format === 'jpg' ? 'jpeg' : s.info.format}`,
        etag: `"${s.hash.slice(0, 32)}"`,
      },
      false,
    );
  }
  if (q.action === 'responsive') {
    const source = await describeSource(q.src, encodeSlot);
    const base = new URLSearchParams({ action: 'optimize', src: q.src, fit: q.fit, format: q.format });
    const set = badRequestOnThrow(() =>
      responsiveSet(
        {
          src: q.src as string,
          sourceWidth: source.width,
          sourceHeight: source.height,
          aspectRatio: q.aspectRatio,
          maxWidth: q.maxWidth,
          lazy: q.lazy !== 'false',
          sizes: q.sizes,
        },
        (w, h) =>
          `/api/optimization/images?${new URLSearchParams({ ...Object.fromEntries(base), width: String(w), height: String(h) })}`,
      ),
    );
    return {
      src: q.src,
      source: { width: source.width, height: source.height, format: source.format },
      placeholder: { blurDataUrl: source.blurDataUrl, dominantColor: source.dominantColor },
      ...set,
    };
  }
  const out = await optimize(q.src, q, req.headers.get('accept'), { dimensions: q.as === 'json', encodeSlot });
  if (q.as === 'json') {
    return {
      src: q.src,
      url: `/api/optimization/images?${new URLSearchParams({ action: 'optimize', src: q.src, ...(out.transform.width ? { width: String(out.transform.width) } : {}), ...(out.transform.height ? { height: String(out.transform.height) } : {}), fit: out.transform.fit, quality: String(out.transform.quality), format: out.transform.format })}`,
      format: out.transform.format,
      width: out.width,
      height: out.height,
      bytesBefore: out.sourceBytes,
      bytesAfter: out.bytes.length,
      ratio: out.sourceBytes ? out.bytes.length / out.sourceBytes : null,
      cached: out.cached,
      ms: Math.round(out.ms * 10) / 10,
      etag: out.etag,
    };
  }
  return variantResponse(req, out, q.format === 'auto');
});

// POST /api/optimization/images – batch optimize (operator): per-item results, totals, duration;
// action=job queues a large set in the background (202 + the job), action=cancel stops one
export const POST = route(
  { role: 'operator', body: imagesPostBody, maxBodyBytes: 4 * 1024 * 1024, action: 'images.optimize-batch' },
  async ({ body, req, principal }) => {
    if (body.action === 'cancel') return cancelJob(db(), body.id);
    if (!(await effectiveSettings())['images.enabled'])
      throw new ApiError(
        'conflict',
        'Image optimization is turned off (images.enabled); turn it on in Settings → Runtime',
      );
    if (body.action === 'job')
      return Response.json(await createJob(db(), body.images, principalLabel(principal)), { status: 202 });
    return optimizeBatch(body.images, req.headers.get('accept'));
  },
);

// PUT /api/optimization/images – configuration (admin): formats, qualities, maximum size
export const PUT = route(
  { role: 'admin', body: imagesPutBody, action: 'images.configure' },
  async ({ body, principal }) => {
    await updateSettings(imagesConfigPatch(body.config), principalLabel(principal));
    return { enabled: (await effectiveSettings())['images.enabled'], ...(await imagePolicy()) };
  },
);

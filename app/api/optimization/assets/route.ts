import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { config } from '@/lib/config';
import { principalLabel } from '@/lib/auth/principal';
import { assetMetaBody, setAssetMeta } from '@/lib/images/asset-meta';
import { listAssets } from '@/lib/images/inventory';
import { saveUploads } from '@/lib/images/upload';

// GET /api/optimization/assets – the image inventory with measured bytes, dimensions and variants
export const GET = route({ role: 'viewer' }, async () => listAssets());

// POST /api/optimization/assets – upload images (multipart/form-data, field "file") into MEDIA_ROOT/uploads
export const POST = route({ role: 'operator', action: 'assets.upload' }, async ({ req }) => {
  const limit = config().IMAGE_MAX_SOURCE_BYTES;
  if (!(req.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    throw new ApiError('unsupported_media_type', 'Send the images as multipart/form-data in the "file" field');
  }
  // The declared length is what Node's parser lets through: checked before anything is buffered.
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (!Number.isFinite(declared)) throw new ApiError('bad_request', 'Uploads need a Content-Length');
  if (declared > limit)
    throw new ApiError('payload_too_large', `Uploads are at most ${limit} bytes per request (IMAGE_MAX_SOURCE_BYTES)`, {
      limit,
    });
  let form: FormData;
  try {
    form = await req.formData();
  } catch (err) {
    throw new ApiError('bad_request', `Not a readable multipart body: ${(err as Error).message}`);
  }
  const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
  return Response.json({ uploaded: await saveUploads(files) }, { status: 201 });
});

// PUT /api/optimization/assets – an asset's tags (purge by tag, Cache-Tag) and critical mark (preload), operator
export const PUT = route(
  { role: 'operator', body: assetMetaBody, action: 'assets.mark' },
  async ({ body, principal }) => ({ src: body.src, ...(await setAssetMeta(body, principalLabel(principal))) }),
);

// Uploads into the media root: image files only (checked by decoding their header, not by the
// name or the declared type), names reduced to a safe form, never overwriting an existing file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../api/errors';
import { config } from '../config';
import { probe } from './pipeline';

const EXT = /\.(jpe?g|png|webp|avif|gif|tiff?)$/i;
export const UPLOAD_DIR = 'uploads';

/** Pure: a file name that is safe on every filesystem and keeps its image extension. */
export function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).normalize('NFKD');
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(-120);
  if (!EXT.test(cleaned))
    throw new ApiError(
      'unsupported_media_type',
      `${name.slice(0, 100)}: only .jpg, .png, .webp, .avif, .gif and .tiff images are accepted`,
    );
  return cleaned;
}

export async function saveUploads(
  files: readonly File[],
): Promise<{ src: string; bytes: number; width: number; height: number; format: string }[]> {
  const env = config();
  if (!files.length) throw new ApiError('validation_failed', 'Send one or more files in the "file" field');
  // Everything is checked before anything is written: a bad file in the batch writes nothing.
  const checked = await Promise.all(
    files.map(async (f) => {
      const name = safeName(f.name);
      if (f.size > env.IMAGE_MAX_SOURCE_BYTES)
        throw new ApiError('payload_too_large', `${name} is ${f.size} bytes; at most ${env.IMAGE_MAX_SOURCE_BYTES}`);
      const bytes = Buffer.from(await f.arrayBuffer());
      const info = await probe(bytes, {
        maxInputPixels: env.IMAGE_MAX_INPUT_PIXELS,
        timeoutMs: env.IMAGE_TIMEOUT_MS,
      }).catch((e: Error) => {
        throw new ApiError('unprocessable', `${name}: ${e.message}`);
      });
      return { name, bytes, info };
    }),
  );
  const dir = path.join(path.resolve(env.MEDIA_ROOT), UPLOAD_DIR);
  await fs.mkdir(dir, { recursive: true });
  const saved = [];
  for (const c of checked) {
    const ext = path.extname(c.name);
    const stem = c.name.slice(0, -ext.length);
    for (let n = 0; ; n++) {
      const name = n ? `${stem}-${n}${ext}` : c.name;
      try {
        await fs.writeFile(path.join(dir, name), c.bytes, { flag: 'wx' }); // never overwrite
        saved.push({
          src: `/${UPLOAD_DIR}/${name}`,
          bytes: c.bytes.length,
          width: c.info.width,
          height: c.info.height,
          format: c.info.format,
        });
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw err;
      }
    }
  }
  return saved;
}

// Pure: the seed 000 images `config` shape → runtime setting keys.
import type { SettingsPatch } from '../config/runtime-settings';
import type { z } from 'zod';
import type { imagesPutBody } from './api-schemas';

export function imagesConfigPatch(c: z.infer<typeof imagesPutBody>['config']): SettingsPatch {
  const patch: SettingsPatch = {};
  if (c.enabled !== undefined) patch['images.enabled'] = c.enabled;
  if (c.formats) patch['images.formats'] = c.formats;
  if (c.maxWidth !== undefined) patch['images.maxWidth'] = c.maxWidth;
  if (c.maxHeight !== undefined) patch['images.maxHeight'] = c.maxHeight;
  for (const f of ['webp', 'avif', 'jpeg', 'png'] as const) {
    const q = c.qualities?.[f];
    if (q !== undefined) patch[`images.quality.${f}`] = q;
  }
  return patch;
}

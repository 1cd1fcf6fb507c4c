// The sharp pipeline: EXIF rotation, resize without enlargement, encode, metadata stripped (sharp
// keeps none unless asked). Inputs are capped in pixels (decompression bombs) and in time.
import sharp from 'sharp';
import type { ResolvedTransform } from './options';
import { looksLikeMarkup, svgProblem } from './svg-check';

export interface PipelineLimits {
  maxInputPixels: number;
  timeoutMs: number;
}

export interface SourceInfo {
  width: number;
  height: number;
  format: string;
  hasAlpha: boolean;
  pages: number;
}

export class ImageRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRejected';
  }
}

function open(input: Buffer, limits: PipelineLimits, animated = false) {
  return sharp(input, { limitInputPixels: limits.maxInputPixels, animated, failOn: 'error' }).timeout({
    seconds: Math.max(1, Math.ceil(limits.timeoutMs / 1000)),
  });
}

/** libvips' messages for what the caller sent, as a 422 rather than a 500. */
function rejected(err: unknown): never {
  const msg = (err as Error).message ?? String(err);
  if (/pixel limit/i.test(msg)) throw new ImageRejected('the image has more pixels than IMAGE_MAX_INPUT_PIXELS allows');
  if (/unsupported image format|bad seek|premature end|corrupt|not a known file format|Input buffer/i.test(msg))
    throw new ImageRejected(`not a readable image: ${msg}`);
  if (/timeout/i.test(msg)) throw new ImageRejected('processing the image took longer than IMAGE_TIMEOUT_MS');
  // librsvg's own limits (elements loaded, references instanced, nesting): the SVG asks too much.
  if (/svgload|rsvg|too many|limit exceeded/i.test(msg))
    throw new ImageRejected(`the SVG could not be drawn within the renderer's limits: ${msg.slice(0, 160)}`);
  throw err;
}

/** Frames an animated source may have when all of them are asked for. */
export const MAX_FRAMES = 1_000;

export async function probe(input: Buffer, limits: PipelineLimits): Promise<SourceInfo> {
  try {
    // Any markup is checked whole before a decoder sees it: an SVG may start with a long comment.
    if (looksLikeMarkup(input)) {
      const why = svgProblem(input.toString('utf8'));
      if (why) throw new ImageRejected(`SVG refused: ${why}`);
    }
    const m = await open(input, limits).metadata();
    if (!m.width || !m.height || !m.format) throw new ImageRejected('not a readable image');
    // EXIF orientations 5–8 swap width and height once rotated.
    const swap = (m.orientation ?? 1) >= 5;
    return {
      width: swap ? m.height : m.width,
      height: swap ? m.width : m.height,
      format: m.format,
      hasAlpha: m.hasAlpha === true,
      pages: m.pages ?? 1,
    };
  } catch (err) {
    if (err instanceof ImageRejected) throw err;
    return rejected(err);
  }
}

export interface Encoded {
  bytes: Buffer;
  width: number;
  height: number;
}

export async function transform(input: Buffer, t: ResolvedTransform, limits: PipelineLimits): Promise<Encoded> {
  try {
    if (t.animated) {
      // Every frame is decoded: bound their number and their pixels together, not one frame's.
      const m = await open(input, limits).metadata();
      const pages = m.pages ?? 1;
      if (pages > MAX_FRAMES)
        throw new ImageRejected(
          `the animation has ${pages} frames; at most ${MAX_FRAMES} are converted (ask without animated for the first frame)`,
        );
      if (pages * (m.width ?? 0) * (m.pageHeight ?? m.height ?? 0) > limits.maxInputPixels)
        throw new ImageRejected('the animation has more pixels in all than IMAGE_MAX_INPUT_PIXELS allows');
    }
    let img = open(input, limits, t.animated).rotate();
    if (t.width !== undefined || t.height !== undefined)
      img = img.resize({ width: t.width, height: t.height, fit: t.fit, withoutEnlargement: true });
    const q = t.quality;
    img =
      t.format === 'webp'
        ? img.webp({ quality: q })
        : t.format === 'avif'
          ? img.avif({ quality: q, effort: 2 }) // effort 4 (default) costs ~20× the time for a few % of bytes
          : t.format === 'png'
            ? img.png({ quality: q, compressionLevel: 8, palette: q < 100 })
            : img.jpeg({ quality: q, mozjpeg: true });
    const { data, info } = await img.toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof ImageRejected) throw err;
    return rejected(err);
  }
}

export interface Placeholder {
  /** a ~20 px blurred WebP as a data URL, for blur-up loading */
  blurDataUrl: string;
  /** the dominant colour as #rrggbb, for colour placeholders */
  dominantColor: string;
}

export async function placeholder(input: Buffer, limits: PipelineLimits): Promise<Placeholder> {
  try {
    // One decode, shrunk on load: both the blur and the dominant colour come from a 64 px copy
    // (decoding a 49 MP source twice took seconds and most of a gigabyte).
    const small = await open(input, limits).rotate().resize(64, 64, { fit: 'inside' }).png().toBuffer();
    const [tiny, stats] = await Promise.all([
      sharp(small).resize(20, 20, { fit: 'inside' }).blur(1).webp({ quality: 40 }).toBuffer(),
      sharp(small).stats(),
    ]);
    const { r, g, b } = stats.dominant;
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    return {
      blurDataUrl: `data:image/webp;base64,${tiny.toString('base64')}`,
      dominantColor: `#${hex(r)}${hex(g)}${hex(b)}`,
    };
  } catch (err) {
    return rejected(err);
  }
}

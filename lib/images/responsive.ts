// Pure: a responsive image set (the standard widths 320…1920) for a source: one variant URL per width up to
// the source's own width and the requested maximum, with the srcset/sizes markup that uses them.
export const RESPONSIVE_WIDTHS = [320, 640, 768, 1024, 1280, 1920] as const;

export interface ResponsiveRequest {
  src: string;
  sourceWidth: number;
  sourceHeight: number;
  /** "16/9", "4:3" or a number; the source's own ratio when absent */
  aspectRatio?: string;
  maxWidth?: number;
  format?: string;
  lazy?: boolean;
  /** the CSS sizes attribute; a full-width default */
  sizes?: string;
}

export function parseAspectRatio(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[/:x]\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!m) throw new Error('aspectRatio is like 16/9, 4:3 or 1.5');
  const r = m[2] === undefined ? Number(m[1]) : Number(m[1]) / Number(m[2]);
  if (!Number.isFinite(r) || r <= 0 || r > 100) throw new Error('aspectRatio must be between 0 and 100');
  return r;
}

export function responsiveSet(req: ResponsiveRequest, urlFor: (width: number, height: number) => string) {
  const ratio = parseAspectRatio(req.aspectRatio) ?? req.sourceWidth / req.sourceHeight;
  const cap = Math.min(req.maxWidth ?? Number.POSITIVE_INFINITY, req.sourceWidth);
  let widths: number[] = RESPONSIVE_WIDTHS.filter((w) => w <= cap);
  if (!widths.length) widths = [Math.max(1, Math.floor(cap))]; // a small source: one size, its own
  const variants = widths.map((w) => {
    const h = Math.max(1, Math.round(w / ratio));
    return { width: w, height: h, url: urlFor(w, h) };
  });
  const sizes = req.sizes ?? '100vw';
  const srcset = variants.map((v) => `${v.url} ${v.width}w`).join(', ');
  const largest = variants[variants.length - 1] as { width: number; height: number; url: string };
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const html = `<img src="${esc(largest.url)}" srcset="${esc(srcset)}" sizes="${esc(sizes)}" width="${largest.width}" height="${largest.height}"${req.lazy === false ? '' : ' loading="lazy" decoding="async"'} alt="">`;
  return { aspectRatio: ratio, variants, srcset, sizes, html };
}

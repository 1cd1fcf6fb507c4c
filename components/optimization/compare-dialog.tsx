'use client';
// Before/after: the original and its WebP variant at the same size, one over the other, split by
// a slider (keyboard-operable), with both byte counts as measured by the server.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { bytes } from '@/components/common/format';
import { fetcher } from '@/lib/client/fetcher';
import type { Asset } from '@/lib/images/inventory';

const WIDTH = 640;
const imageUrl = (action: string, src: string, extra = '') =>
  `/api/optimization/images?action=${action}&src=${encodeURIComponent(src)}${extra}`;

export function CompareDialog({ asset, onClose }: { asset: Asset | null; onClose: () => void }) {
  const [split, setSplit] = useState(50);
  const [after, setAfter] = useState<{ bytesBefore: number; bytesAfter: number; format: string } | null>(null);
  const src = asset?.src ?? '';
  const width = Math.min(WIDTH, asset?.width ?? WIDTH);
  const q = (action: string, extra = '') => imageUrl(action, src, extra);
  useEffect(() => {
    setAfter(null);
    if (!src) return;
    fetcher<{ bytesBefore: number; bytesAfter: number; format: string }>(
      imageUrl('optimize', src, `&width=${width}&format=webp&as=json`),
    )
      .then(setAfter)
      .catch(() => setAfter(null));
  }, [src, width]);
  return (
    <Dialog open={asset !== null} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="compare-title">
      <DialogTitle id="compare-title">Before and after — {src}</DialogTitle>
      <DialogContent>
        {asset && (
          <Stack spacing={2}>
            <div
              style={{
                position: 'relative',
                width: '100%',
                maxWidth: width,
                aspectRatio: `${asset.width ?? 4} / ${asset.height ?? 3}`,
              }}
            >
              {/* biome-ignore lint/performance/noImgElement: the exact bytes the API serves are the point */}
              <img
                src={q('source')}
                alt={`original ${src}`}
                style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', objectFit: 'contain' }}
              />
              {/* biome-ignore lint/performance/noImgElement: as above */}
              <img
                src={q('optimize', `&width=${width}&format=webp`)}
                alt={`optimized ${src}`}
                style={{
                  position: 'absolute',
                  inset: 0,
                  width: '100%',
                  height: '100%',
                  objectFit: 'contain',
                  clipPath: `inset(0 0 0 ${split}%)`,
                }}
              />
            </div>
            <Slider
              value={split}
              onChange={(_, v) => setSplit(v as number)}
              aria-label="Split between original (left) and optimized (right)"
            />
            <Typography variant="body2">
              Original: {bytes(asset.bytes)} ({asset.format}, {asset.width}×{asset.height}) · WebP at {width}px:{' '}
              {after
                ? `${bytes(after.bytesAfter)} (${Math.round((1 - after.bytesAfter / after.bytesBefore) * 100)}% smaller)`
                : 'measuring…'}
            </Typography>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}

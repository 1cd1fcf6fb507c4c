'use client';
// Downloads what a chart or table shows as CSV (formula-injection safe).
import DownloadIcon from '@mui/icons-material/Download';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { type Cell, toCsv } from '@/lib/export/csv';

export function CsvButton({ filename, header, rows }: { filename: string; header: string[]; rows: () => Cell[][] }) {
  return (
    <Tooltip title="Export CSV">
      <IconButton
        aria-label={`Export ${filename} as CSV`}
        size="small"
        onClick={() => {
          const blob = new Blob([toCsv(header, rows())], { type: 'text/csv;charset=utf-8' });
          const a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = `${filename}.csv`;
          a.click();
          URL.revokeObjectURL(a.href);
        }}
      >
        <DownloadIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
}

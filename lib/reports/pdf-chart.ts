// Draws a small line chart into a PDFKit document as vector paths.
import type PDFDocument from 'pdfkit';

export interface ChartSeries {
  name: string;
  color: string;
  points: { t: number; v: number }[];
}

export function lineChart(
  doc: PDFKit.PDFDocument,
  box: { x: number; y: number; w: number; h: number },
  title: string,
  series: ChartSeries[],
  fmt: (v: number) => string,
  range: { from: number; to: number },
  budget?: number,
): void {
  const { x, y, w, h } = box;
  doc.fontSize(10).fillColor('#222').text(title, x, y);
  const top = y + 16;
  const left = x + 48;
  const width = w - 52;
  const height = h - 34;
  const values = series.flatMap((s) => s.points.map((p) => p.v)).concat(budget ?? []);
  const max = values.length ? Math.max(...values) * 1.1 || 1 : 1;
  doc.lineWidth(0.5).strokeColor('#bbb').rect(left, top, width, height).stroke();
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const yy = top + height - (height * i) / 4;
    doc
      .fontSize(7)
      .fillColor('#666')
      .text(fmt(v), x, yy - 3, { width: 44, align: 'right' });
    if (i > 0 && i < 4)
      doc
        .strokeColor('#eee')
        .moveTo(left, yy)
        .lineTo(left + width, yy)
        .stroke();
  }
  const px = (t: number) => left + ((t - range.from) / Math.max(1, range.to - range.from)) * width;
  const py = (v: number) => top + height - (v / max) * height;
  if (budget !== undefined)
    doc
      .strokeColor('#d32f2f')
      .dash(3, { space: 2 })
      .moveTo(left, py(budget))
      .lineTo(left + width, py(budget))
      .stroke()
      .undash();
  if (values.length === 0)
    doc
      .fontSize(9)
      .fillColor('#888')
      .text('No data in this range', left, top + height / 2 - 5, { width, align: 'center' });
  series.forEach((s, i) => {
    doc.lineWidth(1.2).strokeColor(s.color);
    for (const [j, p] of s.points.entries()) {
      if (j === 0) doc.moveTo(px(p.t), py(p.v));
      else doc.lineTo(px(p.t), py(p.v));
    }
    if (s.points.length > 1) doc.stroke();
    else if (s.points[0]) doc.circle(px(s.points[0].t), py(s.points[0].v), 1.5).fillColor(s.color).fill();
    doc
      .fontSize(7)
      .fillColor(s.color)
      .text(s.name, left + i * 60, top + height + 12);
  });
  doc
    .fontSize(7)
    .fillColor('#666')
    .text(new Date(range.from).toISOString().slice(0, 16).replace('T', ' '), left, top + height + 2)
    .text(new Date(range.to).toISOString().slice(0, 16).replace('T', ' '), left + width - 70, top + height + 2, {
      width: 70,
      align: 'right',
    });
}

export type { PDFDocument };

import { existsSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { renderPdf } from './rendered-pdf';

describe('renderPdf', () => {
  it('renders each page of a PDF to a PNG and reads its text', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    document
      .addPage([595, 842])
      .drawText('Terbium metal 10.5 kg, CN 2805 30', { x: 50, y: 780, size: 14, font });
    document.addPage([595, 842]);

    const rendered = await renderPdf(await document.save(), 'rendered-pdf-spec');

    expect([rendered.pages, rendered.width, rendered.height]).toEqual([2, 1190, 1684]);
    expect(rendered.text).toContain('Terbium metal 10.5 kg, CN 2805 30');
    expect(rendered.inkRatio).toBeGreaterThan(0);
    expect(rendered.inkRatio).toBeLessThan(0.05);
    expect(rendered.pngs).toHaveLength(2);
    expect(rendered.pngs.every((png) => existsSync(png))).toBe(true);
  });
});

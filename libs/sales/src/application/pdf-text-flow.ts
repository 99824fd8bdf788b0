import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

/** Standard fonts encode WinAnsi only: other characters are shown as '?'. */
export const ansi = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

const A4: [number, number] = [595, 842];
const MARGIN = 40;
const TOP = 800;
const BOTTOM = 50;

export interface LineOptions {
  size?: number;
  strong?: boolean;
  indent?: number;
}

/**
 * Text flowed down A4 pages: lines wider than the page are wrapped (at spaces, or anywhere in a
 * word longer than the line, such as a URI), a new page starts at the bottom margin, and a box
 * kept free at the top right (the QR code) narrows the lines beside it.
 */
export class PdfTextFlow {
  page: PDFPage;
  y = TOP;
  private keepFree?: { left: number; bottom: number; page: PDFPage };

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.page = pdf.addPage(A4);
  }

  /** Keeps the area right of `left` and above `bottom` of the current page free of text. */
  reserveTopRight(left: number, bottom: number): void {
    this.keepFree = { left, bottom, page: this.page };
  }

  line(text: string, options: LineOptions = {}): void {
    const size = options.size ?? 10;
    const font = options.strong ? this.fonts.bold : this.fonts.regular;
    const x = MARGIN + (options.indent ?? 0);
    const words = ansi(text).split(' ');
    let current = '';
    const emit = (piece: string) => {
      if (this.y < BOTTOM) {
        this.page = this.pdf.addPage(A4);
        this.y = TOP;
      }
      this.page.drawText(piece, { x, y: this.y, size, font, color: rgb(0, 0, 0) });
      this.y -= size + 5;
    };
    const room = () => {
      const right =
        this.keepFree && this.keepFree.page === this.page && this.y > this.keepFree.bottom - size
          ? this.keepFree.left - 10
          : A4[0] - MARGIN;
      return right - x;
    };
    const fits = (piece: string) => font.widthOfTextAtSize(piece, size) <= room();
    for (const word of words) {
      const candidate = current ? `${current} ${word}` : word;
      if (fits(candidate)) {
        current = candidate;
        continue;
      }
      if (current) emit(current);
      current = word;
      while (!fits(current)) {
        let cut = current.length - 1;
        while (cut > 1 && !fits(current.slice(0, cut))) cut--;
        emit(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    emit(current);
  }

  gap(points: number): void {
    this.y -= points;
  }
}

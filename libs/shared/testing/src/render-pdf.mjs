// Renders a PDF to one PNG per page, as a reader would see it, and prints what a test checks:
// `node render-pdf.mjs <file.pdf> [<png prefix>]` -> JSON { pages, width, height, inkRatio, text,
// pngs }. pdfjs-dist is ESM only, so tests (CommonJS under Jest) run this in a child process.
// inkRatio: the share of pixels (all pages) darker than light grey; a blank page is 0.
import { createCanvas } from '@napi-rs/canvas';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const [pdfPath, prefixArgument] = process.argv.slice(2);
if (!pdfPath) {
  console.error('usage: node render-pdf.mjs <file.pdf> [<png prefix>]');
  process.exit(2);
}
const prefix = prefixArgument ?? pdfPath.replace(/\.pdf$/i, '');
const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const standardFontDataUrl = `${path.join(repository, 'node_modules/pdfjs-dist/standard_fonts')}/`;

const data = new Uint8Array(await readFile(pdfPath));
const pdf = await getDocument({ data, standardFontDataUrl, verbosity: 0 }).promise;
let width = 0;
let height = 0;
let inked = 0;
let pixels = 0;
const texts = [];
const pngs = [];
for (let number = 1; number <= pdf.numPages; number++) {
  const page = await pdf.getPage(number);
  const viewport = page.getViewport({ scale: 2 });
  width = Math.max(width, viewport.width);
  height = Math.max(height, viewport.height);
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context, viewport }).promise;
  const { data: rgba } = context.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] + rgba[i + 1] + rgba[i + 2] < 600) inked++;
  }
  pixels += canvas.width * canvas.height;
  const png = `${prefix}-page-${number}.png`;
  await writeFile(png, canvas.toBuffer('image/png'));
  pngs.push(png);
  const content = await page.getTextContent();
  texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
}
process.stdout.write(
  `${JSON.stringify({ pages: pdf.numPages, width, height, inkRatio: pixels ? inked / pixels : 0, text: texts.join('\n'), pngs })}\n`,
);

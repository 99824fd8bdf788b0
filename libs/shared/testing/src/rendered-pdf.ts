import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/** What `render-pdf.mjs` saw: pages, page size in pixels (scale 2), share of inked pixels, text, PNG files. */
export interface RenderedPdf {
  pages: number;
  width: number;
  height: number;
  inkRatio: number;
  text: string;
  pngs: string[];
}

const REPOSITORY = path.resolve(__dirname, '../../../..');

/**
 * Writes the PDF to `tmp/rendered-pdf/<name>.pdf` of the repository and renders it with pdf.js in a
 * child process (pdf.js is ESM only), one PNG per page next to it, to be looked at.
 */
export async function renderPdf(bytes: Uint8Array, name: string): Promise<RenderedPdf> {
  const directory = path.join(REPOSITORY, 'tmp', 'rendered-pdf');
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${name}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(__dirname, 'render-pdf.mjs'), file],
    {
      cwd: REPOSITORY,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as RenderedPdf;
}

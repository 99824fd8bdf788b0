import { describeConfig } from '@rre/config';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { platformConfigSpec } from './platform-config';

describe('README configuration table', () => {
  it('lists every variable the platform reads, with its default and meaning', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    // Prettier pads table cells: compare rows without the padding.
    const unpadded = (row: string) => row.replace(/ *\| */g, '|').trim();
    const rows = new Set(readme.split('\n').map(unpadded));
    const missing = describeConfig(platformConfigSpec).filter((row) => !rows.has(unpadded(row)));
    expect(missing).toEqual([]);
  });
});

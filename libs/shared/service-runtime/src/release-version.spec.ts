import { readFileSync } from 'node:fs';
import path from 'node:path';
import { releaseVersion } from './release-version';

describe('releaseVersion', () => {
  it("is the workspace package's version, found from any directory below it", () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(releaseVersion(path.join(__dirname, 'a', 'b'))).toBe(pkg.version);
  });

  it('is 0.0.0 outside the workspace', () => {
    expect(releaseVersion('/')).toBe('0.0.0');
  });
});

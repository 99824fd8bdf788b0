import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The version of the workspace's package.json (the release this process runs); 0.0.0 if not found. */
export function releaseVersion(from: string = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rare-earth-recycling-platform' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
}

// ts-jest with a second, shared cache of compiled files. Jest keeps its transform cache per config,
// and ts-jest keys it on the whole config, so each of the ~60 configs (unit, integration, Kafka, S3
// of every project) compiles again every shared file it imports: on a cold cache (a clean clone in
// CI) that is minutes of CPU. In transpile-only mode (isolatedModules) the output depends only on
// the source, its path, the compiler options and ts-jest's own settings, so those key the shared
// cache here (<cacheDirectory>/rre-ts-jest): configs whose compiler options agree compile a file
// once. Jest still keeps its own copy per config on top.
const { TsJestTransformer } = require('ts-jest');
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');

class SharedCacheTsJestTransformer extends TsJestTransformer {
  process(sourceText, sourcePath, transformOptions) {
    const file = this.sharedCacheFile(sourceText, sourcePath, transformOptions);
    const cached = file && readCached(file);
    if (cached) return cached;
    const result = super.process(sourceText, sourcePath, transformOptions);
    if (file) writeCached(file, result);
    return result;
  }

  async processAsync(sourceText, sourcePath, transformOptions) {
    const file = this.sharedCacheFile(sourceText, sourcePath, transformOptions);
    const cached = file && readCached(file);
    if (cached) return cached;
    const result = await super.processAsync(sourceText, sourcePath, transformOptions);
    if (file) writeCached(file, result);
    return result;
  }

  /** Where the compiled file is kept, or undefined when its output may depend on other files. */
  sharedCacheFile(sourceText, sourcePath, transformOptions) {
    const configSet = this._configsFor(transformOptions);
    // With type information (no isolatedModules) the output depends on imported files too.
    if (!configSet.isolatedModules || !transformOptions.config.cache) return undefined;
    // The tsconfig's path differs by project and does not change the output.
    const compilerOptions = { ...configSet.parsedTsConfig.options, configFilePath: undefined };
    const settings = JSON.stringify({
      typescript: configSet.compilerModule.version,
      tsJest: configSet.tsJestDigest,
      babelConfig: configSet.babelConfig ?? null,
      compilerOptions,
      diagnostics: configSet._diagnostics,
      stringify: configSet.shouldStringifyContent(sourcePath),
      instrument: Boolean(transformOptions.instrument),
      supportsStaticESM: Boolean(transformOptions.supportsStaticESM),
      transformerConfig: transformOptions.transformerConfig ?? null,
    });
    const key = createHash('sha1')
      .update(settings)
      .update('\0')
      .update(sourcePath)
      .update('\0')
      .update(sourceText)
      .digest('hex');
    return path.join(transformOptions.config.cacheDirectory, 'rre-ts-jest', key.slice(0, 2), key);
  }
}

function readCached(file) {
  try {
    const { code, map } = JSON.parse(readFileSync(file, 'utf8'));
    return map === null ? { code } : { code, map };
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so that Jest processes running at once never read half of it. */
function writeCached(file, result) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ code: result.code, map: result.map ?? null }));
    renameSync(temporary, file);
  } catch {
    // Only a cache: the next run compiles the file again.
  }
}

module.exports = {
  createTransformer: (tsJestConfig) => new SharedCacheTsJestTransformer(tsJestConfig),
};

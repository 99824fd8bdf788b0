// Jest reporter that writes each project's counts to $RRE_TEST_RESULTS_DIR, so that `npm test` can
// print one summary across every suite it ran (unit, PGlite, PostgreSQL, Kafka).
const fs = require('node:fs');
const path = require('node:path');

class ResultsReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.RRE_TEST_RESULTS_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const project = this.globalConfig.projects?.[0] ?? this.globalConfig.rootDir;
    const name = path.relative(path.resolve(__dirname, '..', '..'), this.globalConfig.rootDir) || 'root';
    const file = path.join(dir, `${name.replace(/[\\/]/g, '__')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        project: name,
        config: project,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        suites: results.numTotalTestSuites,
      }),
    );
  }
}

module.exports = ResultsReporter;

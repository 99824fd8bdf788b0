// Jest reporter that writes each project's counts to $RRE_TEST_RESULTS_DIR, so that `npm test` can
// print one summary across every suite it ran (unit, PGlite, PostgreSQL, Kafka), ending with what
// failed: the file, the test and the first lines of its error, so that the last lines of a CI log
// say which test failed and why.
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
        failures: failuresOf(results),
      }),
    );
  }
}

const MESSAGE_LINES = 8;
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function failuresOf(results) {
  const root = path.resolve(__dirname, '..', '..');
  const failures = [];
  for (const suite of results.testResults) {
    const file = path.relative(root, suite.testFilePath);
    const failedTests = suite.testResults.filter((test) => test.status === 'failed');
    for (const test of failedTests) {
      failures.push({ file, test: test.fullName, message: firstLines(test.failureMessages.join('\n')) });
    }
    if (failedTests.length === 0 && (suite.testExecError || suite.failureMessage)) {
      const message = suite.testExecError?.message ?? suite.failureMessage;
      failures.push({ file, test: '(the file did not run)', message: firstLines(message) });
    }
  }
  return failures;
}

/** The error's first lines, with at most two stack frames (the test's own, usually). */
function firstLines(text) {
  let frames = 0;
  return String(text)
    .replace(ANSI_COLOUR, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && (!/^\s*at /.test(line) || ++frames <= 2))
    .slice(0, MESSAGE_LINES)
    .join('\n');
}

module.exports = ResultsReporter;

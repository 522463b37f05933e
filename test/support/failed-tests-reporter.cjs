/**
 * Ends the run with one line per failed test (file and full name), after jest's own summary,
 * so the last lines of a log, all that a CI step or a clean-clone check may keep, say which
 * tests failed and not only how many.
 */
class FailedTestsReporter {
  onRunComplete(_contexts, results) {
    const failed = [];
    for (const file of results.testResults) {
      const relative = file.testFilePath.replace(process.cwd() + '/', '');
      if (file.testExecError) failed.push(`${relative} (the file did not run: ${file.testExecError.message.split('\n')[0]})`);
      for (const test of file.testResults) {
        if (test.status === 'failed') failed.push(`${relative} › ${test.fullName}`);
      }
    }
    if (failed.length === 0) return;
    process.stderr.write(`\nFailed tests (${failed.length}):\n${failed.map((f) => `  ✕ ${f}`).join('\n')}\n`);
  }
}
module.exports = FailedTestsReporter;

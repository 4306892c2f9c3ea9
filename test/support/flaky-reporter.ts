import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Records every test that passed only on a retry (vitest's `flaky` diagnostic) to test-artifacts/flaky.json, so CI
 * names them and counts them (`.ci/run` prints `flaky: N` and fails above 2) instead of counting them as plain passes.
 */
export default class FlakyReporter implements Reporter {
  private readonly flaky: { test: string; file: string; retries: number }[] = [];

  private readonly outputFile: string;

  constructor(options: { outputFile?: string } = {}) {
    this.outputFile = options.outputFile ?? 'test-artifacts/flaky.json';
  }

  onTestCaseResult(testCase: TestCase): void {
    const d = testCase.diagnostic();
    if (testCase.result().state === 'passed' && d?.flaky) {
      this.flaky.push({ test: testCase.fullName, file: testCase.module.moduleId, retries: d.retryCount });
    }
  }

  onTestRunEnd(): void {
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify(this.flaky, null, 2));
  }
}

/**
 * Integration suite entry point, loaded by the extension host as
 * `extensionTestsPath` (client/out/test/index.js). The same `run()` works
 * under `@vscode/test-electron` (`npm run test:vscode`) and inside
 * code-server (`npm run test:e2e`), so it relies on nothing but the VS Code
 * API and the workspace folder it was opened on (a copy of test-fixtures/).
 *
 * The suites are bundled into this one file, so mocha cannot `require` them
 * by path: the TDD globals are installed with the `pre-require` event and
 * each suite module registers its tests when called.
 */
/// <reference types="mocha" />
import Mocha from 'mocha';
import { registerActivationSuite } from './activation';
import { registerRecognitionSuite } from './recognition';
import { registerAnnotationSuite } from './annotation';
import { registerReviewSuite } from './review';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    // The first activation starts the server and warms the recogniser; under
    // code-server right after installing, that can take a while.
    timeout: 90_000,
    color: false,
  });
  const grep = process.env.HNA_TEST_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'hindi-news-suite', mocha);
  registerActivationSuite();
  registerRecognitionSuite();
  registerAnnotationSuite();
  registerReviewSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`));
      else resolve();
    });
  });
}

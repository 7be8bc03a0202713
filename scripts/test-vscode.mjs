// `npm run test:vscode`: the integration suite (client/src/test/) in a
// downloaded desktop VS Code through @vscode/test-electron. Needs network
// access to update.code.visualstudio.com; where that is blocked, `npm run
// test:e2e` runs the same suite inside code-server instead.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The suite writes sidecars and exports into its workspace: give it a copy of the fixtures.
const scratch = mkdtempSync(join(tmpdir(), 'hna-vscode-'));
const workspace = join(scratch, 'workspace');
cpSync(join(root, 'test-fixtures'), workspace, { recursive: true });

let code = 0;
try {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'client/out/test/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(scratch, 'user-data'), '--skip-welcome', '--skip-release-notes'],
  });
} catch (err) {
  console.error(`The VS Code integration suite failed: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);

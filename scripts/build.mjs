// Bundles the client, the language server and the command line with esbuild.
// Each entry becomes one self-contained CommonJS file, so the packaged
// extension ships no node_modules.
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const bench = process.argv.includes('--bench');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  charset: 'utf8',
  loader: { '.json': 'json' },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The integration suite (extensionTestsPath); mocha is loaded from node_modules and never packaged.
  build({ ...common, entryPoints: ['client/src/test/index.ts'], outfile: 'client/out/test/index.js', external: ['vscode', 'mocha'] }),
]);

// `npm run bench` measures the same bundled code that ships.
if (bench) {
  await Promise.all(
    ['run', 'profile', 'spans', 'pass'].map((name) => build({ ...common, entryPoints: [`bench/${name}.ts`], outfile: `bench/out/${name}.js`, sourcemap: false, logLevel: 'error' })),
  );
}

// Bundles the client, the language server and the command line with esbuild.
// Each entry becomes one self-contained CommonJS file, so the packaged
// extension ships no node_modules.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const bench = process.argv.includes('--bench');

// What the recogniser's start-up would compute from its shipped data (the validated knowledge base
// and its index, the tagger's tables) is computed here, by the same code, into a data pack beside
// each bundle that runs the recogniser (server/src/core/shippedData.ts). The bundles are built to
// expect this pack's id and leave the JSON data out.
const DATA_PACK = 'recognizer-data.bin';
const packDirs = ['server/out', ...(bench ? ['bench/out'] : [])];
const packId = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/pack-data.ts', ...packDirs.map((d) => `${d}/${DATA_PACK}`)], { encoding: 'utf8' }).trim();
const recognizerBundle = { define: { HNA_DATA_PACK: JSON.stringify(packId) } };

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
  build({ ...common, ...recognizerBundle, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' }),
  build({ ...common, ...recognizerBundle, entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The integration suite (extensionTestsPath); mocha is loaded from node_modules and never packaged.
  build({ ...common, entryPoints: ['client/src/test/index.ts'], outfile: 'client/out/test/index.js', external: ['vscode', 'mocha'] }),
]);

// `npm run bench` measures the same bundled code that ships.
if (bench) {
  await Promise.all(
    ['run', 'profile', 'spans', 'pass'].map((name) => build({ ...common, ...recognizerBundle, entryPoints: [`bench/${name}.ts`], outfile: `bench/out/${name}.js`, sourcemap: false, logLevel: 'error' })),
  );
}

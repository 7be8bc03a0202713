// The first full semantic tokens of a novel 1 MB article in a fresh server, alone (the row of
// bench/lsp.mjs that carries a target), for iterating on the server's first-article path:
//   node bench/first-tokens.mjs [runs] [--cpu-prof DIR]   (after `node scripts/build.mjs`)
// Prints each run's time to the full tokens and the median.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const profDir = args.includes('--cpu-prof') ? args[args.indexOf('--cpu-prof') + 1] : undefined;
const { require: tsxRequire } = await import('tsx/cjs/api');
const { loadCorpus, novelArticle } = tsxRequire('./corpus.ts', import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node.js');
const article = novelArticle(loadCorpus(root), 1_000_000);
const uri = 'untitled:bench-1mb';
const times = [];
for (let i = 0; i < runs; i++) {
  const proc = spawn(process.execPath, [...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), join(root, 'server/out/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onNotification(() => undefined);
  conn.listen();
  const t0 = performance.now();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { workspace: { configuration: true } } });
  const init = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'hindi-news', version: 1, text: article } });
  const t1 = performance.now();
  await conn.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } });
  const t2 = performance.now();
  const full = await conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  const t3 = performance.now();
  times.push(t3 - t2);
  console.log(`run ${i + 1}: initialize ${init.toFixed(0)} ms, range ${(t2 - t1).toFixed(0)} ms, first full ${(t3 - t2).toFixed(0)} ms (${full.data.length / 5} tokens)`);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
}
times.sort((a, b) => a - b);
console.log(`first full semantic tokens, novel 1 MB article: median ${times[(times.length - 1) >> 1].toFixed(0)} ms of ${runs}`);

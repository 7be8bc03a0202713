/**
 * The benchmark corpus: the bundled fixtures and the sentences of the public
 * corpora in ../shared/data, grouped into article-sized documents and
 * repeated until the corpus reaches the requested size.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function buildCorpus(minBytes: number, root = process.cwd()): string[] {
  const docs: string[] = [];
  const fx = join(root, 'test-fixtures');
  for (const f of readdirSync(fx).filter((f) => f.endsWith('.txt')).sort()) docs.push(readFileSync(join(fx, f), 'utf8'));
  const data = join(root, '..', 'shared', 'data');
  for (const f of ['hiner/validation-even.conll', 'il-ner/Hindi-train.txt', 'il-ner/Hindi-dev.txt']) {
    const p = join(data, f);
    if (!existsSync(p)) continue;
    let sentence: string[] = [];
    let para: string[] = [];
    for (const line of readFileSync(p, 'utf8').split('\n')) {
      const tok = line.split('\t')[0];
      if (!line.trim() || !tok) {
        if (sentence.length) para.push(sentence.join(' '));
        sentence = [];
        if (para.length >= 25) {
          docs.push(para.join('\n'));
          para = [];
        }
        continue;
      }
      sentence.push(tok);
    }
    if (para.length) docs.push(para.join('\n'));
  }
  const base = docs.slice();
  let bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
  if (bytes === 0) throw new Error('benchmark corpus is empty: test-fixtures/ has no .txt files');
  for (let i = 0; bytes < minBytes; i++) {
    const d = base[i % base.length]!;
    docs.push(d);
    bytes += Buffer.byteLength(d);
  }
  return docs;
}

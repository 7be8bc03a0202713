/**
 * The benchmark corpus: novel text, never a repetition. The five bundled
 * articles and every sentence of the public corpora in ../shared/data
 * (HiNER validation-even, IL-NER train and dev: about 3.6 MB of Hindi),
 * grouped into article-sized documents of 25 sentences, each used once.
 *
 * Repeating a small corpus flatters every figure (the second time a paragraph
 * or a word is seen, memoised work is free), so a missing ../shared/data is an
 * error, not a reason to fall back to the fixtures.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Corpus {
  docs: string[];
  bytes: number;
  /** Distinct paragraphs over all paragraphs: 1 means nothing repeats. */
  distinctParagraphs: number;
  paragraphs: number;
}

const SOURCES = ['hiner/validation-even.conll', 'il-ner/Hindi-train.txt', 'il-ner/Hindi-dev.txt'];

export function loadCorpus(root = process.cwd()): Corpus {
  const data = resolve(root, '..', 'shared', 'data');
  const missing = SOURCES.filter((f) => !existsSync(join(data, f)));
  if (missing.length) {
    throw new Error(
      `the benchmark corpus needs the public Hindi corpora in ${data} (missing: ${missing.join(', ')}).\n` +
        `Benchmarks on the five bundled articles repeated would measure memoised work, not novel text, so they are not run.`,
    );
  }
  const fx = join(root, 'test-fixtures');
  const fixtures = readdirSync(fx).filter((f) => f.endsWith('.txt')).sort();
  // Splitting 3.6 MB of CoNLL is most of a short benchmark's work (and minutes under valgrind):
  // the documents are cached in bench/out, keyed by every source's size and time.
  const key = JSON.stringify([...fixtures.map((f) => join(fx, f)), ...SOURCES.map((f) => join(data, f))].map((f) => [f, statSync(f).size, statSync(f).mtimeMs]));
  const cacheFile = join(root, 'bench', 'out', 'corpus-cache.json');
  let docs: string[] | undefined;
  try {
    const c = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string; docs: string[] };
    if (c.key === key) docs = c.docs;
  } catch {
    /* no cache yet */
  }
  if (!docs) {
    docs = buildDocs(fx, fixtures, data);
    mkdirSync(join(root, 'bench', 'out'), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ key, docs }));
  }
  const paras = docs.flatMap((d) => d.split('\n')).filter((p) => p.trim());
  return { docs, bytes: docs.reduce((n, d) => n + Buffer.byteLength(d), 0), distinctParagraphs: new Set(paras).size / paras.length, paragraphs: paras.length };
}

function buildDocs(fx: string, fixtures: readonly string[], data: string): string[] {
  const docs: string[] = [];
  for (const f of fixtures) docs.push(readFileSync(join(fx, f), 'utf8'));
  for (const f of SOURCES) {
    let sentence: string[] = [];
    let para: string[] = [];
    for (const line of readFileSync(join(data, f), 'utf8').split('\n')) {
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
  return docs;
}

/** Consecutive documents of the corpus joined into one article of at least `bytes` UTF-8 bytes (none repeated). */
export function novelArticle(corpus: Corpus, bytes: number, from = 0): string {
  let article = '';
  for (let i = from; i < corpus.docs.length && Buffer.byteLength(article) < bytes; i++) article += corpus.docs[i] + '\n';
  if (Buffer.byteLength(article) < bytes) throw new Error(`the corpus holds ${(corpus.bytes / 1e6).toFixed(1)} MB: not enough for a novel ${(bytes / 1e6).toFixed(1)} MB article from document ${from}`);
  return article;
}

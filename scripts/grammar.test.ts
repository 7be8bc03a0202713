/**
 * TextMate grammar tests: every fixture article is tokenised and compared,
 * token by token, with a readable snapshot in test-fixtures/grammar/. Run with
 * UPDATE_SNAPSHOTS=1 to rewrite the snapshots after an intended change, then
 * review the diff. Focused tests pin the scopes that matter most.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = join(__dirname, '..');
const GRAMMAR = join(ROOT, 'syntaxes', 'hindi-news.tmLanguage.json');
const FIXTURES = join(ROOT, 'test-fixtures');
const SNAPSHOTS = join(FIXTURES, 'grammar');
const SCOPE = 'text.hindi-news';
const update = process.env.UPDATE_SNAPSHOTS === '1';

interface Token {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<textmate.IGrammar> | undefined;
function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === SCOPE ? textmate.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
    });
    const grammar = await registry.loadGrammar(SCOPE);
    if (!grammar) throw new Error(`grammar ${SCOPE} did not load`);
    return grammar;
  })();
  return grammarPromise;
}

/** Tokens per line; the root scope is left out since every token has it. */
async function tokenize(text: string): Promise<Token[][]> {
  const grammar = await loadGrammar();
  let state = textmate.INITIAL;
  const lines: Token[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    lines.push(
      r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.filter((s) => s !== SCOPE) })),
    );
  }
  return lines;
}

/** One token per row: line:column, the token text quoted as JSON, then its scopes outermost first. */
function snapshot(name: string, lines: Token[][]): string {
  const rows = [`# ${name}: TextMate scopes per token (root scope ${SCOPE} omitted; "-" = none)`];
  lines.forEach((tokens, i) => {
    let col = 0;
    for (const t of tokens) {
      if (t.text !== '') rows.push(`${i + 1}:${col} ${JSON.stringify(t.text)} ${t.scopes.join(' ') || '-'}`);
      col += t.text.length;
    }
  });
  return rows.join('\n') + '\n';
}

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();

for (const file of fixtures) {
  test(`grammar snapshot: ${file}`, async () => {
    const name = basename(file, '.txt');
    const actual = snapshot(file, await tokenize(readFileSync(join(FIXTURES, file), 'utf8')));
    const path = join(SNAPSHOTS, `${name}.snap`);
    if (update) {
      mkdirSync(SNAPSHOTS, { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    assert.ok(existsSync(path), `no snapshot ${path}; run UPDATE_SNAPSHOTS=1 node scripts/test.mjs grammar`);
    const expected = readFileSync(path, 'utf8').split('\n');
    const got = actual.split('\n');
    // Report the first differing token, not a wall of text.
    const i = got.findIndex((row, k) => row !== expected[k]);
    if (i !== -1 || got.length !== expected.length) {
      const k = i === -1 ? Math.min(got.length, expected.length) : i;
      assert.fail(`${file}: token row ${k + 1} differs\n  expected: ${expected[k]}\n  actual:   ${got[k]}\n(UPDATE_SNAPSHOTS=1 rewrites the snapshots)`);
    }
  });
}

/** Scopes of the token that starts where `needle` first occurs in `line`. */
async function scopesAt(line: string, needle: string): Promise<string[]> {
  const at = line.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${line}`);
  const [tokens] = await tokenize(line);
  let col = 0;
  for (const t of tokens!) {
    if (at >= col && at < col + t.text.length) return t.scopes;
    col += t.text.length;
  }
  throw new Error(`no token at ${at}`);
}

test('grammar: a bare URL is a link, without its trailing danda', async () => {
  const line = 'पूरी ख़बर https://example.com/news/123.html। पढ़ें';
  assert.ok((await scopesAt(line, 'https://')).includes('markup.underline.link.hindi-news'));
  assert.ok(!(await scopesAt(line, '।')).some((s) => s.startsWith('markup.underline.link')));
});

test('grammar: an image line keeps its alt text plain and underlines the URL', async () => {
  const line = '![राहुल गांधी की बैठक](https://cdn.example.com/a.jpg)';
  const alt = await scopesAt(line, 'राहुल');
  assert.deepEqual(alt, ['meta.image.inline.hindi-news', 'meta.image.alt.hindi-news']);
  assert.ok((await scopesAt(line, 'https')).includes('markup.underline.link.image.hindi-news'));
});

test('grammar: "Published :" and "प्रकाशित :" lines are bylines with timestamps', async () => {
  const line = 'Published : Oct 20, 2023, 8:35 AM IST';
  assert.deepEqual(await scopesAt(line, 'Published'), ['meta.byline.hindi-news', 'keyword.other.byline.hindi-news']);
  assert.ok((await scopesAt(line, '8:35')).includes('constant.other.time.hindi-news'));
  assert.ok((await scopesAt(line, '2023')).includes('constant.numeric.latin.hindi-news'));
  assert.ok((await scopesAt('प्रकाशित : 20 अक्टूबर 2023', 'प्रकाशित')).includes('keyword.other.byline.hindi-news'));
  assert.ok((await scopesAt('Last Updated : Oct 20, 2023', 'Last')).includes('keyword.other.byline.hindi-news'));
});

test('grammar: "also read" lines in English and Hindi, with either nukta encoding', async () => {
  for (const line of ['Also Read: झारखंड कांग्रेस', 'इसे भी पढ़ें- भाजपा', 'यह भी पढ़ें: भाजपा', 'पढ़ें : राहुल', 'पढ\u093cें : राहुल']) {
    const first = line.split(/[\s:-]/)[0]!;
    assert.ok((await scopesAt(line, first)).includes('keyword.other.also-read.hindi-news'), line);
  }
  // Mid-sentence "पढ़ें" is ordinary text.
  assert.deepEqual(await scopesAt('बच्चे किताब पढ़ें', 'पढ़ें'), []);
});

test('grammar: numerals in both scripts are constant.numeric', async () => {
  assert.ok((await scopesAt('२० अक्टूबर २०२३ को', '२०२३')).includes('constant.numeric.devanagari.hindi-news'));
  assert.ok((await scopesAt('139वें जयंती', '139')).includes('constant.numeric.latin.hindi-news'));
});

test('grammar: Latin runs and dandas', async () => {
  const line = 'उन्होंने कहा, Indian National Congress जीतेगी।';
  const [tokens] = await tokenize(line);
  const latin = tokens!.find((t) => t.scopes.includes('text.latin.hindi-news'));
  assert.equal(latin?.text, 'Indian National Congress');
  assert.ok((await scopesAt(line, '।')).includes('punctuation.terminator.danda.hindi-news'));
  assert.deepEqual(await scopesAt(line, 'उन्होंने'), []);
});

test('grammar: a sentence-final full stop is not part of a Latin run, an initialism’s is', async () => {
  const [tokens] = await tokenize('गठबंधन (I.N.D.I.A.) ने कहा Congress. फिर');
  const latin = tokens!.filter((t) => t.scopes.includes('text.latin.hindi-news')).map((t) => t.text);
  assert.deepEqual(latin, ['I.N.D.I.A.', 'Congress']);
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AnnotationSet } from '../core/annotations/model';
import { sidecarPath, toSidecar } from '../core/annotations/sidecar';
import { parseModel } from '../core/learning/model';

const MAIN = join(__dirname, 'main.ts');

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Code-point offsets of `name` in `text`. */
function cp(text: string, name: string): { start: number; end: number } {
  const start = Array.from(text.slice(0, text.indexOf(name))).length;
  return { start, end: start + Array.from(name).length };
}

const UNSEEN = 'इस बार भोलूराम टिक्कीवाल की कविता छपी।\n';

test('learn from JSONL gold, then recognize and eval with the model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-learn-'));
  // An emoji before the name: code points and UTF-16 differ.
  const a = '😀 कवि भोलूराम टिक्कीवाल की किताब छपी। राजा ने महल छोड़ा।';
  const b = 'राजा ने रानी से कहा। 12 मार्च 1975 को सभा हुई।';
  const gold = join(dir, 'gold.jsonl');
  writeFileSync(
    gold,
    [
      JSON.stringify({ id: 'a', text: a, spans: [{ ...cp(a, 'भोलूराम टिक्कीवाल'), label: 'PERSON' }] }),
      JSON.stringify({ id: 'b', text: b, spans: [{ ...cp(b, '12 मार्च 1975'), label: 'DATE' }] }),
    ].join('\n') + '\n',
  );
  const model = join(dir, 'model.json');
  const r = cli('learn', gold, '--out', model);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /learned from 2 finished documents/);
  assert.match(r.out, /भोलूराम टिक्कीवाल \(PERSON\)/);
  assert.match(r.out, /PARTY not annotated in the input/);
  const parsed = parseModel(readFileSync(model, 'utf8'), model);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.model.names.map((n) => n.text), ['भोलूराम टिक्कीवाल']);
  // The shipped suggestion of राजा was not in the gold: remembered as rejected.
  assert.ok(parsed.model.rejections.some((x) => x.text === 'राजा' && x.label === 'PERSON'));

  const article = join(dir, 'unseen.txt');
  writeFileSync(article, UNSEEN);
  const plain = cli('recognize', article);
  assert.equal(plain.code, 0, plain.err);
  assert.ok(!plain.out.includes('भोलूराम टिक्कीवाल"'));
  const learned = cli('recognize', article, '--model', model);
  assert.equal(learned.code, 0, learned.err);
  const rec = JSON.parse(learned.out) as { spans: Array<{ start: number; end: number; text: string; source: string }> };
  assert.deepEqual(rec.spans.map((s) => [s.text, s.source, s.start, s.end]), [['भोलूराम टिक्कीवाल', 'learned', 7, 24]]);

  const evalGold = join(dir, 'eval.jsonl');
  writeFileSync(evalGold, JSON.stringify({ id: 'u', text: UNSEEN, spans: [{ ...cp(UNSEEN, 'भोलूराम टिक्कीवाल'), label: 'PERSON' }] }) + '\n');
  assert.match(cli('eval', evalGold).out, /PERSON\s+0\.000/);
  assert.match(cli('eval', evalGold, '--model', model).out, /PERSON\s+1\.000\s+1\.000\s+1\.000/);

  // Learning the same file again over the model learns nothing new.
  const again = cli('learn', gold, '--base', model, '--out', join(dir, 'again.json'));
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /learned from 0 finished documents .*; 2 already learned/);
});

test('learn from a folder takes only the articles marked done', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-learn-'));
  const write = (name: string, text: string, names: string[], status: string | undefined): void => {
    const p = join(dir, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    const set = new AnnotationSet(text, undefined, { now: () => '2024-01-01T00:00:00.000Z' });
    for (const n of names) assert.ok(set.add(text.indexOf(n), text.indexOf(n) + n.length, 'PERSON').ok);
    const data = { ...toSidecar(set, p), ...(status ? { status } : {}) };
    writeFileSync(sidecarPath(p), JSON.stringify(data));
  };
  write('done.txt', 'कवि भोलूराम टिक्कीवाल की किताब छपी।', ['भोलूराम टिक्कीवाल'], 'done');
  write('sub/progress.txt', 'कवि चंपालाल झुनझुनवाला की किताब छपी।', ['चंपालाल झुनझुनवाला'], 'inProgress');
  write('old.txt', 'कवि रामखिलावन पटवारी की किताब छपी।', ['रामखिलावन पटवारी'], undefined);
  writeFileSync(join(dir, 'new.txt'), 'कोई टैग नहीं');
  const model = join(dir, 'out', 'model.json');
  const r = cli('learn', dir, '--out', model);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /learned from 1 finished document /);
  assert.match(r.out, /not marked done: 1 new, 2 inProgress/);
  const parsed = parseModel(readFileSync(model, 'utf8'), model);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.model.names.map((n) => n.text), ['भोलूराम टिक्कीवाल']);
});

test('a broken or missing model is an error naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hna-learn-'));
  const article = join(dir, 'a.txt');
  writeFileSync(article, UNSEEN);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"schema": "hindi-news-learned-model", "version": 7}');
  const r = cli('recognize', article, '--model', bad);
  assert.equal(r.code, 2);
  assert.ok(r.err.includes(bad) && /version 7/.test(r.err), r.err);
  const missing = cli('eval', join(dir, 'gold.jsonl'), '--model', join(dir, 'none.json'));
  assert.equal(missing.code, 2);
  const noOut = cli('learn', article);
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /usage: hindi-news learn/);
  const nothing = cli('learn', dir, '--out', join(dir, 'm.json'));
  assert.equal(nothing.code, 2);
  assert.match(nothing.err, /nothing to learn from \(articles not marked done: 1 new\)/);
});

/**
 * A command whose positions were computed on one text must never act on
 * another: an edit that arrives while the command waits for the article's
 * analysis (a long article whose paragraphs all changed) would otherwise
 * move the tag onto other characters. The bundled server over stdio.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Commands } from '../src/protocol';
import { editorClient, rangeIn, until } from './lspClient';

const client = editorClient('hna-race-');

const FILLER = 'किसानों ने सोमवार को मंडी में धरना दिया और सरकार से फसल के दाम बढ़ाने की माँग की।';
const LINES = 1500;

test('a tag whose article is edited while the command waits for the analysis lands on the selected words or is refused, never on other text', async () => {
  const text = Array.from({ length: LINES }, (_, i) => `${i}. ${FILLER}`).join('\n') + '\nअंत में सोनिया गांधी ने कहा।\n';
  client.writeWatched('long.txt', text);
  const doc = client.open('long.txt');
  await until('loaded and analysed', async () => (await client.stats(doc.uri)).unreviewed > 0);
  // Every paragraph changes, so the next analysis is long and yields between paragraphs.
  const changed = text.replace(/^(\d+)\./gm, '$1)');
  client.change('long.txt', [{ text: changed }]);
  const range = rangeIn(doc, 'सोनिया गांधी');
  const tagged = client.run(Commands.tag, { uri: doc.uri, range, label: 'PERSON' });
  // The user goes on typing at the top while the command runs.
  client.edit('long.txt', 0, 0, 'आज ');
  const r = await tagged;
  const stats = await client.stats(doc.uri);
  if (r.ok) {
    // Tagged: the words the user selected, wherever they are now.
    const sc = await client.sidecarWhen('long.txt', (d) => d.annotations.length === 1);
    assert.equal(sc.annotations[0].text, 'सोनिया गांधी', JSON.stringify(r));
  } else {
    assert.match(r.message, /changed while/);
    assert.equal(stats.confirmed, 0);
  }
});

test('after an edit that arrived during the analysis, suggestions are those of the text as it is now: next unreviewed and accept land on the named words', async () => {
  const doc = client.doc('long.txt');
  client.change('long.txt', [{ text: doc.getText().replace(/^(\d+)\)/gm, '$1:') }]);
  const asked = client.run(Commands.nextUnreviewed, { uri: doc.uri, position: { line: LINES, character: 0 } });
  client.edit('long.txt', 0, 0, 'कल ');
  const first = await asked;
  // Edited meanwhile, the answer is of the text now, or a refusal.
  const check = (r: typeof first) => {
    assert.ok(r.ok && r.range, JSON.stringify(r));
    const now = client.doc('long.txt');
    const at = now.getText().slice(now.offsetAt(r.range.start), now.offsetAt(r.range.end));
    assert.ok(r.message!.includes(`“${at}”`), `${r.message} but the range holds “${at}”`);
    return r.range;
  };
  if (first.ok) check(first);
  else assert.match(first.message, /changed while/);
  // Nothing changes any more: every answer must fit the text. Repro: the spans of the text before the
  // edit had been cached under the version after it, and the accept below tagged “ें सोनिया गा”.
  const range = check(await client.run(Commands.nextUnreviewed, { uri: doc.uri, position: { line: LINES, character: 0 } }));
  const acc = await client.run(Commands.accept, { uri: doc.uri, position: range.start });
  assert.ok(acc.ok, JSON.stringify(acc));
  const sc = await client.sidecarWhen('long.txt', (d) => d.annotations.length >= 1);
  assert.ok(sc.annotations.every((a: { text: string }) => a.text === 'सोनिया गांधी'), JSON.stringify(sc.annotations.map((a: { text: string }) => a.text)));
});

test('a tag sent right after opening, while the annotations are still being read, is not moved by an edit that follows it', async () => {
  const text = 'कांग्रेस नेता सोनिया गांधी ने सोमवार को कहा कि भाजपा हारेगी।\n';
  client.writeWatched('fresh.txt', text);
  const doc = client.open('fresh.txt');
  const tagged = client.run(Commands.tag, { uri: doc.uri, range: rangeIn(doc, 'सोनिया गांधी'), label: 'PERSON' });
  client.edit('fresh.txt', 0, 0, 'आज ');
  const r = await tagged;
  if (!r.ok) return assert.match(r.message, /changed while/);
  const sc = await client.sidecarWhen('fresh.txt', (d) => d.annotations.length === 1);
  assert.equal(sc.annotations[0].text, 'सोनिया गांधी', JSON.stringify(r));
});

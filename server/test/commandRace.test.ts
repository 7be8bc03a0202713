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

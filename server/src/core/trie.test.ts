import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashTrie } from './trie';

/** Walk `w` from the root, adding edges as needed; the node where it ends. */
const add = (t: HashTrie, w: string): number => {
  let node = 0;
  for (let i = 0; i < w.length; i++) node = t.childOrAdd(node, w.charCodeAt(i));
  return node;
};
const find = (t: HashTrie, w: string): number => {
  let node = 0;
  for (let i = 0; i < w.length && node >= 0; i++) node = t.child(node, w.charCodeAt(i));
  return node;
};

test('hash trie: shared prefixes share nodes, every word keeps its node through growth', () => {
  const t = new HashTrie();
  const words: string[] = [];
  // Enough edges to grow the table several times; words share prefixes heavily.
  for (let i = 0; i < 20_000; i++) words.push(`क${String.fromCharCode(0x0915 + (i % 37))}${i.toString(36)}`);
  const nodes = words.map((w) => add(t, w));
  assert.equal(new Set(nodes).size, words.length, 'distinct words end on distinct nodes');
  assert.deepEqual(words.map((w) => find(t, w)), nodes, 'lookups after growth find the same nodes');
  assert.equal(add(t, words[123]!), nodes[123], 'adding an existing word adds nothing');
  assert.equal(t.child(0, 0x0915), find(t, 'क'));
  assert.equal(find(t, 'कख-'), -1, 'a missing edge is -1');
  assert.equal(t.child(0, 0x41), -1);
  // Node ids are dense: the root plus one per distinct prefix.
  const prefixes = new Set<string>();
  for (const w of words) for (let k = 1; k <= w.length; k++) prefixes.add(w.slice(0, k));
  assert.equal(t.nodeCount, prefixes.size + 1);
});

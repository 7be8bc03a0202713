import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DocumentStats } from '../../../server/src/protocol';
import { compactCounts, countsText, decorationTooltip, markDoneChoices, progressText, remainingText, replacedText, spansText, statusBarSummary, statusBarText, unreviewedQuestion } from './format';

function stats(over: Partial<DocumentStats> = {}): DocumentStats {
  return {
    uri: 'file:///ws/a.txt',
    version: 1,
    counts: { PERSON: 3, PARTY: 1, DATE: 1 },
    entities: { PERSON: 2, PARTY: 1, DATE: 1 },
    limited: false,
    confirmed: 5,
    suggested: 45,
    unreviewed: 40,
    rejected: 2,
    status: 'inProgress',
    ...over,
  };
}

test('the status bar shows confirmed · unreviewed · rejected and the status', () => {
  assert.equal(statusBarText(stats()), '$(tag) 5 confirmed · 40 unreviewed · 2 rejected  $(edit) In progress');
  assert.equal(statusBarText(stats({ confirmed: 45, unreviewed: 0, rejected: 0, status: 'done' })), '$(tag) 45 confirmed · 0 unreviewed · 0 rejected  $(pass-filled) Done');
});

test('the status bar text follows every count (an accept moves one from unreviewed to confirmed)', () => {
  const before = statusBarText(stats());
  const after = statusBarText(stats({ confirmed: 6, unreviewed: 39 }));
  assert.notEqual(before, after);
  assert.match(after, /6 confirmed · 39 unreviewed · 2 rejected/);
});

test('a server without review fields reads as a new article with 0 rejected', () => {
  const s = stats();
  delete s.rejected;
  delete s.status;
  assert.equal(statusBarText(s), '$(tag) 5 confirmed · 40 unreviewed · 0 rejected  $(circle-large-outline) New');
});

test('a large article says so instead of counts it does not have', () => {
  assert.equal(statusBarText(stats({ limited: true })), '$(warning) Hindi News: large file');
});

test('the tooltip says what is left to do', () => {
  assert.match(statusBarSummary(stats()), /\*\*In progress\*\* · 5 confirmed spans, 40 unreviewed suggestions, 2 rejected suggestions\./);
  assert.match(statusBarSummary(stats()), /Ctrl\+Alt\+Z/);
  assert.match(statusBarSummary(stats({ unreviewed: 0 })), /mark the article done/);
  assert.doesNotMatch(statusBarSummary(stats({ unreviewed: 0, status: 'done' })), /mark the article done/);
  assert.match(statusBarSummary(stats({ confirmed: 1, unreviewed: 1, rejected: 1 })), /1 confirmed span, 1 unreviewed suggestion, 1 rejected suggestion\./);
});

test('corpus totals read "12 of 40 done" and list what remains', () => {
  const totals = { articles: 40, byStatus: { new: 25, inProgress: 3, done: 12 }, spans: { PERSON: 120, DATE: 30, PARTY: 44, PLACE: 2 } };
  assert.equal(progressText(totals), '12 of 40 done');
  assert.equal(remainingText(totals), '3 in progress · 25 new');
  assert.equal(progressText({ articles: 0, byStatus: { new: 0, inProgress: 0, done: 0 }, spans: {} }), 'no articles');
});

test('spans per label in reading order: built-in labels first, custom ones after, zeros left out', () => {
  assert.equal(spansText({ DATE: 30, PLACE: 2, PERSON: 120, PARTY: 0, ORG: 1 }), 'PERSON 120 · DATE 30 · ORG 1 · PLACE 2');
  assert.equal(spansText({}), 'no confirmed spans');
});

test('article counts and their Explorer tooltip', () => {
  assert.equal(countsText({ confirmed: 1, unreviewed: 0, rejected: 3 }), '1 confirmed · 0 unreviewed · 3 rejected');
  assert.equal(decorationTooltip({ status: 'done', confirmed: 4, unreviewed: 0, rejected: 1 }), 'Hindi News: done (4 confirmed · 0 unreviewed · 1 rejected)');
});

test('marking done with suggestions left asks in words that count them', () => {
  assert.match(unreviewedQuestion(1), /^1 suggestion in this article is not reviewed yet\./);
  assert.match(unreviewedQuestion(40), /^40 suggestions in this article are not reviewed yet\..*them\?$/);
});

test('the mark-done question defaults to reviewing what is left: Enter never accepts or rejects N suggestions at once', () => {
  const c = markDoneChoices(23);
  assert.equal(c.order[0], c.review, 'the first button is the dialog default (Enter)');
  assert.equal(c.review, 'Review them first');
  assert.deepEqual(c.order, ['Review them first', 'Accept all 23', 'Reject all 23']);
  assert.equal(markDoneChoices(1).review, 'Review it first');
});

test('a tag that replaced suggestions names them once', () => {
  assert.equal(replacedText('Tagged “सोनिया गांधी की” as PERSON.', ['सोनिया गांधी']), 'Tagged “सोनिया गांधी की” as PERSON. It replaces the suggestion “सोनिया गांधी”.');
  assert.equal(replacedText(undefined, ['a', 'b', 'c']), 'Tagged. It replaces the suggestions “a”, “b” and “c”.');
  const already = 'Tagged “x y” as PERSON, replacing the suggestion “x”.';
  assert.equal(replacedText(already, ['x']), already);
});

test('the Review view says only the counts that are not zero', () => {
  assert.equal(compactCounts({ confirmed: 0, unreviewed: 41, rejected: 0 }), '41 unreviewed');
  assert.equal(compactCounts({ confirmed: 25, unreviewed: 0, rejected: 2 }), '25 confirmed · 2 rejected');
  assert.equal(compactCounts({ confirmed: 5, unreviewed: 20 }), '5 confirmed · 20 unreviewed');
  assert.equal(compactCounts({ confirmed: 0, unreviewed: 0, rejected: 0 }), 'nothing found');
});

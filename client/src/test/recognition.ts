/**
 * What the language server shows through the VS Code API: semantic tokens
 * against the gold spans of a seed article, and hover cards.
 */
import * as assert from 'node:assert/strict';
import { KHARGE_FIXTURE, activateExtension, codePointToUtf16, openFixture, readGold, semanticTokens, hoverAt } from './util';

const LABEL_OF_TYPE: Record<string, string> = { person: 'PERSON', party: 'PARTY', date: 'DATE' };

export function registerRecognitionSuite(): void {
  suite('Recognition in the editor', () => {
    suiteSetup(async () => {
      await activateExtension();
    });

    test('semantic tokens decode to the gold spans of a seed article', async () => {
      const { doc } = await openFixture(KHARGE_FIXTURE);
      const gold = await readGold(KHARGE_FIXTURE);
      assert.equal(doc.getText(), gold.text, 'The fixture in the workspace differs from its text in seed-gold.jsonl.');
      const cp = codePointToUtf16(gold.text);
      const goldSpans = gold.spans.map((s) => ({ start: cp[s.start]!, end: cp[s.end]!, label: s.label, text: s.text }));
      const key = (s: { start: number; end: number; label: string }) => `${s.start}:${s.end}:${s.label}`;
      const goldKeys = new Set(goldSpans.map(key));

      // Wait for the full analysis: at least as many tokens as most of the gold.
      const tokens = await semanticTokens(doc, (t) => t.length >= goldSpans.length * 0.9);
      const entities = tokens.filter((t) => t.type in LABEL_OF_TYPE).map((t) => ({ ...t, label: LABEL_OF_TYPE[t.type]! }));
      const matched = entities.filter((t) => goldKeys.has(key(t)));
      const tokenKeys = new Set(entities.map(key));
      const found = goldSpans.filter((g) => tokenKeys.has(key(g)));
      const precision = matched.length / Math.max(1, entities.length);
      const recall = found.length / Math.max(1, goldSpans.length);
      const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
      const spurious = entities.filter((t) => !goldKeys.has(key(t))).map((t) => `${t.label} "${t.text}"@${t.start}`);
      const missed = goldSpans.filter((g) => !tokenKeys.has(key(g))).map((g) => `${g.label} "${g.text}"@${g.start}`);
      console.log(`      tokens ${entities.length}, gold ${goldSpans.length}: P=${precision.toFixed(3)} R=${recall.toFixed(3)} F1=${f1.toFixed(3)}`);
      assert.ok(f1 >= 0.95, `Token/gold F1 ${f1.toFixed(3)} < 0.95. Not in gold: ${spurious.join(', ') || 'none'}. Missed: ${missed.join(', ') || 'none'}.`);
      // Every token covers exactly the text it claims (UTF-16 columns agree with the document).
      for (const t of matched) {
        const g = goldSpans.find((s) => key(s) === key(t))!;
        assert.equal(t.text, g.text);
      }
      const kharge = entities.find((t) => t.text === 'मल्लिकार्जुन खड़गे');
      assert.ok(kharge, 'No semantic token covers मल्लिकार्जुन खड़गे.');
      assert.equal(kharge.type, 'person');
      assert.ok(entities.some((t) => t.type === 'date' && t.text === '19 दिसम्बर, 2023'), 'No date token covers 19 दिसम्बर, 2023.');
      assert.ok(entities.some((t) => t.type === 'party' && t.text === 'कांग्रेस'), 'No party token covers कांग्रेस.');
    });

    test('hover on a known person shows the card with the Latin name', async () => {
      const { doc } = await openFixture(KHARGE_FIXTURE);
      const at = doc.getText().indexOf('अध्यक्ष मल्लिकार्जुन खड़गे') + 'अध्यक्ष '.length + 3;
      assert.ok(at > 10, 'The fixture no longer contains "अध्यक्ष मल्लिकार्जुन खड़गे".');
      const text = await hoverAt(doc, at, (t) => t.includes('Mallikarjun Kharge'), 'a hover card with "Mallikarjun Kharge"');
      assert.match(text, /मल्लिकार्जुन खड़गे/);
    });

    test('hover on a date shows its ISO value', async () => {
      const { doc } = await openFixture(KHARGE_FIXTURE);
      const at = doc.getText().indexOf('19 दिसम्बर, 2023') + 4;
      assert.ok(at > 10, 'The fixture no longer contains "19 दिसम्बर, 2023".');
      const text = await hoverAt(doc, at, (t) => t.includes('2023-12-19'), 'a date hover with 2023-12-19');
      assert.match(text, /2023-12-19/);
    });
  });
}

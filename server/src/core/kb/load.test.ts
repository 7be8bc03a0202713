import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeKey } from '../normalize';
import { builtinKnowledgeBase } from './builtin';
import { KnowledgeBaseStore } from '../../features/knowledgeBase';
import { formatKbError, mergeKnowledgeBases, parseKbFile, validateKbData, type KbError } from './load';

const FILE = 'ws/kb.json';

/** Pretty-printed JSON with one field per line, so lines are predictable. */
const json = (v: unknown) => JSON.stringify(v, null, 2);

const BJP = {
  id: 'bjp',
  kind: 'party',
  name: 'भारतीय जनता पार्टी',
  latin: 'Bharatiya Janata Party',
  abbreviations: ['भाजपा', 'BJP'],
  alliances: ['nda'],
  source: 'test',
};
const NDA = { id: 'nda', kind: 'alliance', name: 'राष्ट्रीय जनतांत्रिक गठबंधन', latin: 'National Democratic Alliance', abbreviations: ['राजग'], members: ['bjp'], source: 'test' };
const MODI = { id: 'narendra-modi', name: 'नरेंद्र मोदी', latin: 'Narendra Modi', short: ['मोदी'], party: 'bjp', qid: 'Q1058', source: 'test' };

/** The 0-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let k = from; k < lines.length; k++) if (lines[k]!.includes(needle)) return k;
  throw new Error(`${needle} not found`);
}

function onlyError(errors: KbError[]): KbError {
  assert.equal(errors.length, 1, errors.map(formatKbError).join('\n'));
  return errors[0]!;
}

test('kb: a valid file keeps every entry and field, with no errors', () => {
  const text = json({ $schema: './schema.json', version: 1, persons: [MODI], parties: [BJP, NDA] });
  const r = parseKbFile(FILE, text);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.persons, [MODI]);
  assert.deepEqual(r.parties, [BJP, NDA]);
  const merged = mergeKnowledgeBases([{ file: FILE, ...r }]);
  assert.deepEqual(merged.errors, []);
  assert.equal(merged.kb.partyById.get('nda')?.members?.[0], 'bjp');
  assert.equal(merged.kb.personById.get('narendra-modi')?.party, 'bjp');
});

test('kb: an empty file with only a version is valid', () => {
  assert.deepEqual(parseKbFile(FILE, '{"version": 1}'), { persons: [], parties: [], errors: [] });
});

/** One bad entry among good ones: the error names file, entry and line; the good entries survive. */
function checkBad(section: 'persons' | 'parties', bad: unknown, entry: string, pattern: RegExp, lineNeedle: string, delta = 0) {
  const good = section === 'persons' ? MODI : BJP;
  const text = json({ version: 1, [section]: [good, bad] });
  const r = parseKbFile(FILE, text);
  const e = onlyError(r.errors);
  assert.equal(e.file, FILE);
  assert.equal(e.entry, entry);
  assert.match(e.message, pattern);
  // The needle is searched after the good entry, so it finds the bad one's line.
  assert.equal(e.line, lineOf(text, lineNeedle, lineOf(text, '"source"') + 1) + delta, `line of ${lineNeedle}`);
  assert.equal((section === 'persons' ? r.persons : r.parties).length, 1, 'the valid entry is kept, the invalid one dropped');
}

test('kb: each kind of invalid entry gives one error naming file, entry and line', () => {
  const { party: _party, ...modiNoParty } = MODI;
  void _party;
  checkBad('persons', { ...MODI, id: 'x', name: undefined }, 'x', /missing required field "name"/, '"id": "x"', -1);
  checkBad('persons', { ...MODI, id: 'Rahul Gandhi' }, '#1', /"id" must be a lower-case Latin slug/, '"id": "Rahul Gandhi"');
  checkBad('persons', { ...MODI, id: 'x', name: 'Rahul Gandhi' }, 'x', /"name" must be written in Devanagari/, '"name": "Rahul Gandhi"');
  checkBad('persons', { ...MODI, id: 'x', latin: 'राहुल' }, 'x', /"latin" must contain Latin letters/, '"latin": "राहुल"');
  checkBad('persons', { ...MODI, id: 'x', short: 'मोदी' }, 'x', /"short" must be an array of strings, not the string "मोदी"/, '"short": "मोदी"');
  checkBad('persons', { ...MODI, id: 'x', variants: ['ok', 7] }, 'x', /"variants"\[1\] must be a string, not number 7/, '"variants"');
  checkBad('persons', { ...MODI, id: 'x', variants: ['  '] }, 'x', /"variants"\[0\] must not be empty/, '"variants"');
  checkBad('persons', { ...modiNoParty, id: 'x', pary: 'bjp' }, 'x', /unknown field "pary"/, '"pary"');
  checkBad('persons', { ...MODI, id: 'x', qid: '1058' }, 'x', /"qid" must be a Wikidata id/, '"qid": "1058"');
  checkBad('persons', { ...MODI, id: 'x', source: '' }, 'x', /"source" must not be empty/, '"source": ""');
  checkBad('persons', { ...MODI }, 'narendra-modi', /duplicate person id "narendra-modi"/, '"id": "narendra-modi"');
  checkBad('parties', { ...BJP, id: 'x', kind: 'front' }, 'x', /"kind" must be "party" or "alliance"/, '"kind": "front"');
  checkBad('parties', { ...BJP, id: 'x', abbreviations: undefined }, 'x', /missing required field "abbreviations"/, '"id": "x"', -1);
  checkBad('parties', { ...BJP, id: 'x', members: ['nda'] }, 'x', /"members" is only for alliances/, '"members"');
  checkBad('parties', { ...NDA, id: 'x', alliances: ['nda'] }, 'x', /"alliances" is only for parties/, '"alliances"');
  checkBad('parties', { ...BJP, id: 'x', alliances: ['NDA'] }, 'x', /"alliances"\[0\] must be a lower-case Latin slug/, '"alliances"');
  checkBad('parties', { ...BJP, id: 'x', ambiguous: ['आप'] }, 'x', /"ambiguous" lists "आप", which is not among/, '"ambiguous"');
  checkBad('parties', 'bjp', '#1', /each entry in "parties" must be an object, not the string "bjp"/, '"bjp"');
});

test('kb: several problems in one entry are all reported', () => {
  const r = parseKbFile(FILE, json({ version: 1, parties: [{ id: 'x', kind: 'party', name: 'X', source: 'test', extra: 1 }] }));
  assert.deepEqual(
    r.errors.map((e) => [e.entry, e.message.replace(/ \(.*$/, '').slice(0, 39)]),
    [
      ['x', 'unknown field "extra"'],
      ['x', '"name" must be written in Devanagari, n'],
      ['x', 'missing required field "latin"'],
      ['x', 'missing required field "abbreviations"'],
    ],
  );
  assert.deepEqual(r.parties, []);
});

test('kb: file-level problems: version, unknown top-level field, non-array section, non-object', () => {
  assert.match(onlyError(parseKbFile(FILE, '{"version": 2}').errors).message, /"version" must be 1, not number 2/);
  assert.match(onlyError(parseKbFile(FILE, '{}').errors).message, /missing "version": 1/);
  const unknown = onlyError(parseKbFile(FILE, '{\n  "version": 1,\n  "people": []\n}').errors);
  assert.match(unknown.message, /unknown top-level field "people"/);
  assert.equal(unknown.line, 2);
  assert.match(onlyError(parseKbFile(FILE, '{"version": 1, "parties": {}}').errors).message, /"parties" must be an array/);
  assert.match(onlyError(parseKbFile(FILE, '[]').errors).message, /must be a JSON object/);
  const dup = onlyError(parseKbFile(FILE, '{"version": 1,\n"version": 1}').errors);
  assert.match(dup.message, /appears more than once/);
  assert.equal(dup.line, 1);
});

test('kb: invalid JSON gives one error at the line of the syntax error', () => {
  const cases: [string, number, RegExp][] = [
    ['{\n  "version": 1,\n  "parties": [\n    {"id": "bjp"}\n    {"id": "inc"}\n  ]\n}', 4, /expected ',' or '\]'/],
    ['{\n  "version": 1,\n  "parties": [],\n}', 2, /trailing comma/],
    ['{\n  "version": 1\n  "parties": []\n}', 2, /expected ',' or '}' after the value of "version"/],
    ['{\n  "version": 1,\n  "parties": [{"id": "bjp\n}]}', 2, /inside a string/],
    ['{\r\n  "version": 1,\r\n  \'parties\': []\r\n}', 2, /property name in double quotes/],
    ['{\n  "version": 1,\n  "parties": [\n', 3, /unexpected end of file/],
    ['', 0, /unexpected end of file/],
    ['{"version": 1} x', 0, /after the end of the JSON value/],
  ];
  for (const [text, line, pattern] of cases) {
    const r = parseKbFile(FILE, text);
    const e = onlyError(r.errors);
    assert.equal(e.file, FILE);
    assert.equal(e.line, line, `${JSON.stringify(text)}: ${e.message}`);
    assert.match(e.message, /^invalid JSON: /);
    assert.match(e.message, pattern);
    assert.deepEqual([r.persons, r.parties], [[], []]);
  }
});

test('kb: the JSON reader decodes escapes and keeps "__proto__" as data', () => {
  const text = '\uFEFF{"version": 1, "persons": [{"id": "a", "name": "\\u0930\\u093e\\u092e", "latin": "Ram \\"R\\"", "source": "t\\/s", "__proto__": 1}]}';
  const r = parseKbFile(FILE, text);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0]!.message, /unknown field "__proto__"/);
  const ok = parseKbFile(FILE, text.replace(', "__proto__": 1', ''));
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.persons[0]!.name, 'राम');
  assert.equal(ok.persons[0]!.latin, 'Ram "R"');
  assert.equal(ok.persons[0]!.source, 't/s');
});

test('kb: later files override earlier ids and add new ones; order is kept', () => {
  const builtin = parseKbFile('builtin.json', json({ version: 1, persons: [MODI], parties: [BJP, NDA] }));
  const ws = parseKbFile(
    FILE,
    json({
      version: 1,
      parties: [
        { ...BJP, abbreviations: ['भाजपा', 'बीजेपी', 'BJP'], source: 'workspace' },
        { id: 'xyz', kind: 'party', name: 'क ख ग पार्टी', latin: 'KKG Party', abbreviations: [], alliances: ['nda'], source: 'workspace' },
      ],
    }),
  );
  assert.deepEqual(ws.errors, []);
  const { kb, errors } = mergeKnowledgeBases([{ file: 'builtin.json', ...builtin }, { file: FILE, ...ws }]);
  assert.deepEqual(errors, []);
  assert.deepEqual(kb.parties.map((p) => p.id), ['bjp', 'nda', 'xyz']);
  assert.equal(kb.partyById.get('bjp')?.source, 'workspace');
  assert.deepEqual(kb.partyById.get('bjp')?.abbreviations, ['भाजपा', 'बीजेपी', 'BJP']);
  assert.equal(kb.personById.get('narendra-modi')?.source, 'test');
  assert.equal(kb.partyById.get('bjp'), kb.parties[0]);
});

test('kb: unresolved references are errors naming the entry, its file and line; the entry is kept', () => {
  const text = json({ version: 1, persons: [{ ...MODI, party: 'bjpp' }], parties: [{ ...BJP, alliances: ['bjp'] }, { ...NDA, members: ['bjp', 'nda', 'nope'] }] });
  const r = parseKbFile(FILE, text);
  assert.deepEqual(r.errors, []);
  const { kb, errors } = mergeKnowledgeBases([{ file: FILE, ...r }]);
  assert.deepEqual(
    errors.map((e) => [e.file, e.entry, e.line, e.message]),
    [
      [FILE, 'narendra-modi', lineOf(text, '"persons"') + 1, '"party" refers to "bjpp", which is not a known party id'],
      [FILE, 'bjp', lineOf(text, '"parties"') + 1, '"alliances" refers to "bjp", which is a party, not an alliance'],
      [FILE, 'nda', lineOf(text, '"id": "nda"') - 1, '"members" refers to "nda", which is an alliance, not a party'],
      [FILE, 'nda', lineOf(text, '"id": "nda"') - 1, '"members" refers to "nope", which is not a known party id'],
    ],
  );
  assert.equal(kb.persons.length, 1);
  assert.equal(kb.parties.length, 2);
  // A reference into an earlier file resolves.
  const ws = parseKbFile('b.json', json({ version: 1, persons: [{ ...MODI, id: 'someone' }] }));
  const base = parseKbFile('a.json', json({ version: 1, parties: [{ ...BJP, alliances: [] }] }));
  assert.deepEqual(mergeKnowledgeBases([{ file: 'a.json', ...base }, { file: 'b.json', ...ws }]).errors, []);
});

test('kb: merging unvalidated parts still reports duplicate ids within one part', () => {
  const p = { ...MODI, party: undefined };
  const { kb, errors } = mergeKnowledgeBases([{ file: 'x.json', persons: [p, { ...p, latin: 'Second' }] }]);
  assert.equal(onlyError(errors).entry, 'narendra-modi');
  assert.equal(kb.personById.get('narendra-modi')?.latin, 'Narendra Modi');
});

test('kb: validateKbData checks parsed values without lines', () => {
  const r = validateKbData('mem', { version: 1, parties: [{ ...BJP, name: 'BJP' }] });
  const e = onlyError(r.errors);
  assert.equal(e.entry, 'bjp');
  assert.equal(e.line, undefined);
  assert.equal(formatKbError(e), 'mem: bjp: ' + e.message);
  assert.equal(formatKbError({ ...e, line: 4 }), 'mem:5: bjp: ' + e.message);
});

test('kb: the built-in knowledge base is valid and covers the parties news names', () => {
  const kb = builtinKnowledgeBase();
  assert.equal(builtinKnowledgeBase(), kb, 'memoised');
  const parties = kb.parties.filter((p) => p.kind === 'party');
  assert.ok(parties.length >= 60, `${parties.length} parties`);

  // Every surface form of a party or alliance belongs to exactly one entry
  // after normalisation, so the matcher never has to choose.
  const owner = new Map<string, string>();
  for (const p of kb.parties) {
    for (const s of [p.name, p.latin, ...p.abbreviations, ...(p.variants ?? [])]) {
      const k = normalizeKey(s);
      const other = owner.get(k);
      assert.ok(other === undefined || other === p.id, `"${s}" belongs to both ${other} and ${p.id}`);
      owner.set(k, p.id);
    }
  }
  const expect: Record<string, string[]> = {
    bjp: ['भाजपा', 'बीजेपी', 'BJP', 'भारतीय जनता पार्टी'],
    inc: ['कांग्रेस', 'कॉंग्रेस', 'Congress', 'congress', 'INC', 'इंका', 'भारतीय राष्ट्रीय कांग्रेस'],
    jmm: ['झामुमो', 'JMM', 'झारखण्ड मुक्ति मोर्चा'],
    rjd: ['राजद', 'RJD', 'राष्ट्रीय जनता दल'],
    jdu: ['जदयू', 'जद(यू)', 'जेडीयू', 'JDU', 'JD(U)'],
    sp: ['सपा', 'SP', 'समाजवादी पार्टी'],
    bsp: ['बसपा', 'BSP', 'बहुजन समाज पार्टी'],
    aap: ['आप', 'AAP', 'आम आदमी पार्टी'],
    aitc: ['तृणमूल', 'टीएमसी', 'TMC', 'तृणमूल कांग्रेस'],
    ncp: ['एनसीपी', 'राकांपा', 'NCP'],
    'ncp-sp': ['एनसीपी (एसपी)', 'NCP (SP)'],
    shs: ['शिवसेना', 'शिव सेना'],
    'shs-ubt': ['शिवसेना (यूबीटी)'],
    cpim: ['माकपा', 'CPI(M)', 'सीपीएम', 'कम्युनिस्ट पार्टी ऑफ़ इंडिया (मार्क्सवादी)', 'कम्युनिस्ट पार्टी ऑफ इंडिया (मार्क्सवादी)', 'मार्क्सवादी कम्युनिस्ट पार्टी'],
    cpi: ['भाकपा', 'सीपीआई', 'CPI'],
    dmk: ['द्रमुक', 'डीएमके', 'DMK'],
    aiadmk: ['अन्नाद्रमुक', 'एआईएडीएमके', 'AIADMK'],
    bjd: ['बीजद', 'BJD', 'बीजू जनता दल'],
    tdp: ['टीडीपी', 'तेदेपा', 'TDP', 'तेलुगू देशम'],
    jds: ['जद(एस)', 'JD(S)'],
    jknc: ['नेशनल कॉन्फ़्रेंस', 'नेशनल कॉन्फ्रेंस', 'नेकां'],
    'ljp-rv': ['लोजपा (रामविलास)', 'LJP(RV)'],
    ljp: ['लोजपा', 'लोक जनशक्ति पार्टी'],
    ham: ['हम'],
    mns: ['मनसे', 'महाराष्ट्र नवनिर्माण सेना'],
    sad: ['अकाली दल', 'शिअद'],
    'cpn-mc': ['कम्युनिस्ट पार्टी ऑफ़ नेपाल', 'माओवादी पार्टी'],
    'us-democratic': ['डेमोक्रेटिक पार्टी'],
    'us-republican': ['रिपब्लिकन पार्टी'],
    'uk-labour': ['लेबर पार्टी'],
    'awami-league': ['अवामी लीग'],
    nda: ['राजग', 'एनडीए', 'NDA', 'राष्ट्रीय जनतांत्रिक गठबंधन'],
    upa: ['संप्रग', 'यूपीए', 'UPA', 'संयुक्त प्रगतिशील गठबंधन'],
    'india-bloc': ['I.N.D.I.A.', 'INDIA', 'आईएनडीआईए', 'इंडिया गठबंधन', 'इंडियन नेशनल डेवलपमेंटल इनक्लूसिव अलायंस', 'इंडियन नेशनल डेवलपमेंट इनक्लूसिव अलायंस'],
    mahagathbandhan: ['महागठबंधन'],
    'third-front': ['तीसरा मोर्चा', 'तीसरे मोर्चे'],
    'left-front': ['वाम मोर्चा', 'वाममोर्चा', 'वाम मोर्चे'],
  };
  for (const [id, forms] of Object.entries(expect)) {
    assert.ok(kb.partyById.has(id), `missing party ${id}`);
    for (const f of forms) assert.equal(owner.get(normalizeKey(f)), id, `"${f}" should name ${id}`);
  }
  for (const id of ['npp', 'ysrcp', 'brs', 'jkpdp', 'inld', 'aimim', 'rljp', 'agp', 'iuml', 'ajsu', 'apna-dal-s', 'sbsp', 'nishad', 'rld', 'jjp', 'vip', 'cpiml', 'jsp', 'mva', 'mahayuti']) {
    assert.ok(kb.partyById.has(id), `missing party ${id}`);
  }
  assert.deepEqual(kb.partyById.get('aap')?.ambiguous, ['आप']);
  assert.equal(kb.partyById.get('bjp')?.qid, 'Q10230');
  assert.equal(kb.partyById.get('inc')?.qid, 'Q10225');

  // Guideline: party bodies are not parties, and `पार्टी` is not glued onto कांग्रेस.
  for (const notParty of ['AICC', 'एआईसीसी', 'सीडब्ल्यूसी', 'CWC', 'आरएसएस', 'RSS', 'कांग्रेस पार्टी']) {
    assert.equal(owner.get(normalizeKey(notParty)), undefined, notParty);
  }
});

test('kb: a file nested 100,000 levels deep fails alone with an error naming its line; it does not overflow the stack', () => {
  for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
    const text = `{"version": 1, "persons": ${open.repeat(100_000)}1${close.repeat(100_000)}}`;
    const r = parseKbFile(FILE, text);
    const e = onlyError(r.errors);
    assert.equal(e.file, FILE);
    assert.equal(e.line, 0);
    assert.match(e.message, /nested more than \d+ levels deep/);
    assert.deepEqual([r.persons, r.parties], [[], []]);
  }
});

test('kb: the knowledge-base store keeps a valid file when another one is nested too deep', () => {
  const store = new KnowledgeBaseStore();
  store.set('file:///ws/deep.hnkb.json', '['.repeat(100_000) + ']'.repeat(100_000));
  store.set('file:///ws/good.hnkb.json', json({ version: 1, persons: [{ ...MODI, id: 'new-person', name: 'नया व्यक्ति', short: [], party: undefined, qid: undefined }] }));
  assert.ok(store.current().personById.has('new-person'));
  assert.match(store.errorsFor('file:///ws/deep.hnkb.json')[0]!.message, /nested more than/);
});

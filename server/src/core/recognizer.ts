/**
 * The recogniser: text in, PERSON / PARTY / DATE spans out.
 *
 * Work is split in two stages so editors can cache it:
 * - {@link Recognizer.analyzeParagraph}: everything that depends only on one
 *   paragraph (normalisation, knowledge-base matches, dates, name rules,
 *   tagger). Pure and cacheable by paragraph text.
 * - the document pass inside {@link Recognizer.recognize}: a lone surname or
 *   given name already seen in full, Latin spellings of names found in
 *   Devanagari, dates resolved against the publication date.
 */
import { findDates, findPublicationDate } from './dates';
import { snapOutward, isGraphemeBoundary } from './graphemes';
import type { KnowledgeBase } from './kb/load';
import { builtinKnowledgeBase } from './kb/builtin';
import { KbIndex, type KbMatch } from './kbIndex';
import { createPropagateMemo, findNameCandidates, NameContext, namesAnInstitution, type ParagraphRef, type PropagateMemo } from './names';
import { normalize, normalizeKey, type NormalizedText } from './normalize';
import { withGluedColons } from './glued';
import { LearnedRecognition } from './learning/recognition';
import type { Tagger } from './tagger';
import { findSkipRegions, overlapsSkip } from './skip';
import commonWords from '../../data/lexicon/common-words.json';
import { copySpan } from './spanCopy';
import { tokenize, type Token } from './tokenize';
import { transliterate } from './transliterate';
import type { Span } from './types';

/** Result of one paragraph; offsets relative to the paragraph start. */
export interface ParagraphAnalysis {
  readonly text: string;
  readonly spans: readonly Span[];
}

export interface DocumentAnalysis {
  /** Final spans, raw UTF-16 offsets into the whole text, sorted, non-overlapping. */
  spans: Span[];
  /** Publication date found in the text (ISO), if any. */
  publication?: string;
  /** Raw ranges skipped as URLs or file names. */
  skipped: Array<[number, number]>;
}

/** A paragraph cache an editor keeps per document (or shares across documents). */
export type ParagraphCache = Map<string, ParagraphAnalysis>;

/**
 * The cache key of a paragraph: the publication date is part of it because
 * weekdays and कल resolve against it.
 */
export function paragraphKey(publication: string | undefined, paragraph: string): string {
  return (publication ? publication + '\u0000' : '\u0000') + paragraph;
}

export interface RecognizerOptions {
  /** Knowledge base to link against; defaults to the built-in one. */
  kb?: KnowledgeBase;
  /** PERSON tagger; defaults to the one with the shipped weights. */
  tagger?: Tagger;
  /**
   * What was learned from annotations (`core/learning`, built over the same
   * tagger): its tagger replaces `tagger`, its names are suggested, its
   * rejections are not. Without it the recogniser behaves exactly as shipped.
   */
  learned?: LearnedRecognition;
}

/** The tagger and knowledge-base index a recogniser was built with, for {@link Recognizer.withLearned}. */
interface Shared {
  tagger: Tagger | undefined;
  index: KbIndex;
}

/** Documents at least this long (UTF-16 units) keep document-pass state with their paragraph cache. */
const DOCUMENT_PASS_MEMO_MIN_LENGTH = 20_000;

/** Candidate priority when spans overlap: dates and knowledge-base parties first. */
const PRIORITY_DATE = 4;
const PRIORITY_PARTY = 3;
const PRIORITY_PERSON_KB = 2;
const PRIORITY_PERSON_RULE = 1;
const PRIORITY_PERSON_TAGGER = 0;

/**
 * A span competing for its place. Every candidate has every field (absent ones undefined), so
 * they all share one hidden class and the code that sorts and copies them stays monomorphic.
 */
interface Candidate {
  start: number;
  end: number;
  label: Span['label'];
  text: string;
  source: Span['source'];
  reason: string;
  entityId: string | undefined;
  date: Span['date'];
  confidence: number;
  priority: number;
  /** A knowledge-base short form (`मोदी`): a longer name around it is another person. */
  short: boolean;
}

/** `अमरीकी कांग्रेस`, `अमेरिका की कांग्रेस`, `अमरीकी संसद यानी कॉंग्रेस`, `US Congress`: the legislature. */
const US_BEFORE = /(?:अमरीकी|अमेरिकी|अमरीका\s+की|अमेरिका\s+की|अमेरिकन|अमरीकन|संसद\s+(?:यानी|अर्थात)|US|U\.S\.|American|America's)\s*$/i;
/** A knowledge-base person's role that says they hold (or held) office in the United States. */
const US_ROLE = /United States|\bUS\b|U\.S\./;
/** Words of a sentence about the United States (its legislature is also `कांग्रेस`). */
const US_WORDS = /अमरीक|अमेरिक|वॉशिंगटन|वाशिंगटन|व्हाइट हाउस|ह्वाइट हाउस|सीनेट|रिपब्लिकन|डेमोक्रेट|\bUS\b|U\.S\.|America|Washington|Senate|Republican|Democrat|White House/;
/** Words after `के` that make an ambiguous abbreviation before it a party: `पीपीपी के नेतृत्व वाली सरकार`. */
const PARTY_OF = new Set(['नेतृत्व', 'नेता', 'नेताओं', 'सांसद', 'विधायक', 'प्रवक्ता', 'अध्यक्ष', 'महासचिव', 'उम्मीदवार', 'प्रत्याशी', 'कार्यकर्ता', 'कार्यकर्ताओं'].map(normalizeKey));

/** A bracket of one to three words after a party's name: `( मार्क्सवादी-लेनिनवादी )`, `(यूनाइटेड)`. */
const NAME_BRACKET = /^\s*\(\s*[\u0900-\u097f][\u0900-\u097f\-]*(?:\s+[\u0900-\u097f][\u0900-\u097f\-]*){0,2}\s*\)/;

/** Confidence of a knowledge-base match by the kind of key that matched. */
function kbConfidence(m: KbMatch): number {
  if (m.weak) return 0.8;
  return m.kind === 'name' || m.kind === 'variant' ? 0.97 : m.kind === 'abbr' ? 0.94 : 0.88;
}

export class Recognizer {
  readonly kb: KnowledgeBase;
  readonly index: KbIndex;
  /** What was learned from annotations, when the recogniser uses it. */
  readonly learned: LearnedRecognition | undefined;
  private readonly names: NameContext;
  /** Knowledge-base persons of the United States (by their role): the `कांग्रेस` near them is the legislature. */
  private readonly usPersons: ReadonlySet<string>;
  /** A word of its own: in a word list or the knowledge base (to read words run together). */
  private readonly isWord = (w: string): boolean => this.names.isListedWord(w) || this.index.matcher.has(w);
  /** Document-pass state per paragraph cache (that is, per document), so a re-analysis re-scans only changed paragraphs. */
  private readonly memos = new WeakMap<ParagraphCache, PropagateMemo>();

  private readonly baseTagger: Tagger | undefined;

  constructor(options: RecognizerOptions = {}, shared?: Shared) {
    this.kb = options.kb ?? builtinKnowledgeBase();
    this.index = shared?.index ?? KbIndex.of(this.kb);
    this.baseTagger = shared?.tagger ?? options.tagger;
    this.learned = options.learned && !options.learned.empty ? options.learned : undefined;
    this.names = new NameContext(this.index, this.learned?.tagger ?? this.baseTagger);
    this.usPersons = new Set([...this.index.persons.values()].filter((p) => US_ROLE.test(p.role ?? '')).map((p) => p.id));
  }

  /**
   * A recogniser with the same knowledge base and tagger and other learned
   * state (or none), sharing the compiled knowledge-base index. Its caches
   * are its own: paragraph caches of this one do not apply to it.
   */
  withLearned(learned: LearnedRecognition | undefined): Recognizer {
    return new Recognizer({ kb: this.kb, ...(learned ? { learned } : {}) }, { tagger: this.baseTagger, index: this.index });
  }

  /**
   * Analyse one paragraph (no newline inside). `publication` resolves
   * weekdays and deictic dates; it is part of the cache key.
   */
  analyzeParagraph(text: string, publication?: string): ParagraphAnalysis {
    const skipped = findSkipRegions(text);
    const t = withGluedColons(normalize(text), this.isWord);
    const tokens = tokenize(t.norm);
    const skip = skipped.length > 0 ? (s: number, e: number) => overlapsSkip(skipped, s, e) : undefined;
    let cands: Candidate[] = [];
    for (const d of findDates(t, publication ? { publication } : {}, skip, tokens)) {
      cands.push({ start: d.start, end: d.end, label: d.label, text: d.text, source: d.source, reason: d.reason, entityId: d.entityId, date: d.date, confidence: d.confidence ?? 0.85, priority: PRIORITY_DATE, short: false });
    }
    const unsure: KbMatch[] = [];
    const kbMatches = this.index.match(t, tokens, unsure);
    kbCandidates(t, kbMatches, skipped, cands);
    this.nameCandidates(t, tokens, kbMatches, skipped, cands);
    // Party names run together with the next word, found while the names' rules classified the words.
    for (const [k, g] of this.names.gluedTokens) {
      const s = t.toRaw[tokens[k]!.start]!;
      const e = t.toRaw[tokens[k]!.start + g.end]!;
      if (isSkipped(skipped, s, e)) continue;
      cands.push({ start: s, end: e, label: 'PARTY', text: text.slice(s, e), source: 'kb', reason: `knowledge base: ${g.latin}, run together with the next word`, entityId: g.entityId, date: undefined, confidence: 0.8, priority: PRIORITY_PARTY, short: false });
    }
    if (unsure.length > 0) partiesOfPersons(t, tokens, unsure, skipped, cands);
    withoutUsCongress(text, cands, this.usPersons, this.index);
    const learned = this.learned;
    if (learned) {
      for (const m of learned.nameMatches(t, tokens)) {
        const s = t.toRaw[m.start]!;
        const e = t.toRaw[m.end]!;
        if (isSkipped(skipped, s, e)) continue;
        const label = m.name.label;
        const priority = label === 'PARTY' ? PRIORITY_PARTY : label === 'DATE' ? PRIORITY_DATE : PRIORITY_PERSON_KB;
        const confidence = LearnedRecognition.nameConfidence(m.name);
        cands.push({ start: s, end: e, label, text: text.slice(s, e), source: 'learned', reason: LearnedRecognition.nameReason(m.name), entityId: undefined, date: undefined, confidence, priority, short: false });
      }
      if (learned.hasRejections) cands = cands.filter((c) => !learned.isRejected(text, c.start, c.end, c.label));
    }
    return { text, spans: selectSpans(text, withoutInstitutions(text, cands)) };
  }

  /** The names' PERSON candidates (tagger, rules, names around short forms). */
  private nameCandidates(t: NormalizedText, tokens: Token[], kbMatches: readonly KbMatch[], skipped: ReadonlyArray<[number, number]>, cands: Candidate[]): void {
    const text = t.raw;
    const learned = this.learned;
    for (const n of findNameCandidates(t, tokens, this.names, kbMatches)) {
      const s = t.toRaw[n.start]!;
      const e = t.toRaw[n.end]!;
      if (isSkipped(skipped, s, e)) continue;
      let reason = n.reason;
      // A name whose words have learned weights or were learned as names says so.
      if (learned?.taggerApplied && n.source === 'tagger' && learned.influences(t.norm, tokens, n.start, n.end)) reason += `, learned from ${learned.annotations} of your annotations`;
      cands.push({
        start: s,
        end: e,
        label: 'PERSON',
        text: text.slice(s, e),
        source: n.source,
        reason,
        entityId: undefined,
        date: undefined,
        confidence: n.confidence,
        priority: n.aroundShortForm ? PRIORITY_PERSON_KB : n.source === 'rule' ? PRIORITY_PERSON_RULE : PRIORITY_PERSON_TAGGER,
        short: false,
      });
    }
  }


  /**
   * Run the pipeline over generated text, so an editor's first real document
   * meets optimised code instead of a cold interpreter (the first pass over
   * fresh text is otherwise two to three times slower). The text is built
   * from the knowledge base and the lexicons: long, varied paragraphs with
   * names, parties, dates, titles and URLs, and the odd things scraped news
   * holds, about 500 KB (UTF-8) in two articles, one with a publication date. What
   * it leaves out costs: each branch an article takes that the warm-up never
   * did throws that function's optimised code away mid-article.
   */
  warmUp(paragraphs = 400): void {
    this.warmUpTransliteration();
    for (const doc of this.warmUpDocuments(paragraphs)) this.recognize(doc, new Map());
  }

  /**
   * Transliteration is memoised per word, so article-like text reaches it once per distinct
   * name word: too few calls for V8 to optimise it before an article's hundreds of new names.
   * The lexicon's name words make it hot and leave their Latin forms in the memo, where the
   * names of a real article mostly find them.
   */
  warmUpTransliteration(): void {
    for (const w of this.names.given) transliterate(w);
    for (const w of this.names.surnames) transliterate(w);
  }

  /** The generated articles {@link warmUp} analyses (also for editors that warm up their own layers). */
  warmUpDocuments(paragraphs = 400): string[] {
    const persons = this.kb.persons;
    const parties = this.kb.parties;
    const words = commonWords.words;
    const verbs = ['ने कहा कि', 'को बधाई दी', 'के साथ बैठक की', 'से मुलाकात की', 'पर निशाना साधा'];
    // Every rule of the date grammar, and numbers that are not dates: a rule first met in an
    // article costs its caller's optimised code.
    const dates = [
      '19 दिसंबर, 2023 को', 'सोमवार को', 'पिछले महीने', 'लोकसभा चुनाव 2024 में', 'Oct 20, 2023', 'आज',
      '(जन्म: १४ जुलाई १९४७)', 'on October 20, 2023.', 'Sept. 5, 2023', '20th Oct 2023', 'तारीख 20/10/2023 है',
      '२०.१०.२०२३ को', 'दिनांक 2023-10-20 से', 'सितंबर 2007 में', 'नौ अगस्त 2001 के बाद', '12 अप्रैल से बढ़ाकर 18 अप्रैल कर दी',
      'अगस्त में हुए हमले से', 'पिछले वर्ष नवंबर में', '18 से 26 अप्रैल तक', '19-20 दिसंबर 2023 को', 'मतदान 16, 23 और 30 अप्रैल को',
      '(१९०९-१९६३ )', '2019 से 2024 तक', 'अगले साल यानी वर्ष 2024 में', 'साल 2019 में', '1980 के दशक में', 'गुरूवार 12 मार्च से',
      'पिछले गुरुवार को ही', 'on Monday', 'वे कल दिल्ली जाएंगे', 'कल बैठक हुई थी', 'परसों फैसला होगा', 'अगले हफ़्ते', 'इस माह के अंत में',
      '15 दिन के लिए', 'दोपहर 12 बजे से', '8:35 AM IST', 'सभी 14 लोकसभा सीट पर', '₹2024 और Rs. 2024', 'वित्त वर्ष 2023-24 में',
      '72 वर्षीय नेता', '4.39 प्रतिशत', 'एक मार्च निकाला',
      // The rules added for unseen news: fiscal years, years counted back, old years, acronyms,
      // days of the month, lists of months, decades, generic आज/कल, dates across sentences.
      'वर्ष 2019-20 में', '2018 - 19 के लिए', '1999-2000 तक', '15 साल पहले', 'पांच साल पहले', 'चार दिन बाद मतदान होगा', 'मतगणना से एक दिन पहले',
      '1857 का संग्राम', '१८५७ में', 'एनईपी 2020 बनाने', 'अधिनियम, 1988 के तहत', 'इस महीने की 17 तारीख़ को', 'मार्च, अप्रैल, मई में',
      '70 के दशक में', '71 के चुनावों में', 'अगले वित्तीय वर्ष का बजट', 'आज की पीढ़ी', 'बेहतर कल के लिए', 'कल तक जो साथ थे',
      '3 जनवरी 1956 को जन्मे। 15 अगस्त को लौटे', '15 नवम\u094d\u200dबर को',
      'आज लोग अख़बार कम पढ़ते हैं', 'आज दस साल बाद भी', '1899 - 1902 तक', '1969 एवं 1980 में',
    ];
    // What scraped news also holds, so no hot function first meets it in a user's article (code
    // compiled without ever seeing a branch is thrown away when the branch is taken):
    // markdown images and links, Devanagari digits, precomposed nukta letters, an emoji, a
    // visarga inside a word and as a colon, Latin names, and a name that ends its paragraph.
    const given = [...this.names.given].slice(0, 50);
    const surnames = [...this.names.surnames].slice(0, 50);
    // A surname short form and a given-name short form from the knowledge base, for the linking rules.
    const shortGiven = persons.flatMap((p) => p.short ?? []).find((v) => this.index.givenShortForms.has(normalize(v).norm)) ?? 'हेमंत';
    const shortSurname = persons.flatMap((p) => p.short ?? []).find((v) => !this.index.givenShortForms.has(normalize(v).norm)) ?? 'मोदी';
    const extras = [
      '![तस्वीर](https://example.com/photo.jpg) [पढ़ें](https://example.com/a)',
      '१९ दिसंबर २०२३ को',
      '\u095bिले के \u095eैसले पर',
      'बधाई 🙏🏽 दी',
      'अतः नोटः सूचना',
      'Rahul Gandhi ने PTI से कहा',
      'कांग्रेसः नरेन्द्र अम्बिका अन्य',
      'श्री \u095eारू\u0958 अब्दुल्ला, श्रीमती सरस्वती देवी और मन्\u095bूर अहमद ने कहा',
      'जी ई वाहनवती का बयान, डी राया और एए जिन्ना ने',
      'को रोनाल्ड एच कोज ने और हर्ष वी. पंत ने, प्रोफ़ेसर क्नुत अरूप सीप ने, राष्ट्रपति सुसीलो बम्बांग युधोयोनो भी, राजदूत ओकाफ़ोर , सचिव मिलोवान और, संयुक्त सचिव कविता राव , उप सचिव मीना और',
      'मंच पर रमेश बैस , सुनील अधिकारी , विनय राय और कई अन्य',
      'भाजपा के रमनलाल सोरठिया और कांग्रेस की सुमित्रा वलावी के बीच, भाजपा के दावे, नेता रसूलपुर के लोगों',
      'सुरेश प्रभाकर ने कहा, प्रभाकर जल योजना, स्वामी विवेकानंद , भगवान राम आदि, अब्दुल्ला शाहिद , महामहिम मंत्रीगण एवं',
      // Names around knowledge-base short forms, shared given names, party context, deities,
      // kinship, role nouns, the surname सरकार, lists closed by आदि.
      `ललित ${shortSurname} ने और ${shortGiven} ताले को`,
      `थानाध्यक्ष ${shortGiven} ने बताया`,
      'बहुजन समाज पार्टी ( बसपा ) के अमर सिंह हैं',
      'भगवान शिव और जय श्री राम, माइकल के भाई जरमेन ने',
      'पीएम मोदी, अभिनेता राजकुमार राव, कोच पुलेला गोपीचंद ने कहा। उधर पुलेला गोपीचंद 1999 और 2001 में, अभिनेत्री रेखा ने और पुलिस अधीक्षक (एसपी) ने, मिस्बाह-उल-हक़ ने, शाहिदा हसन ( उर्दू : شاهدا حسن अँग्रेजी : Shahida Hassan ) ने',
      'माकपा विधायक अजित सरकार की हत्या, नीतीश सरकार की नीतियां',
      'अरुंधति रॉय , प्रशांत भूषण , सईदा हमीद आदि',
      'प्रवक्ता जयंती नटराजन ने कहा',
      'वे राजीव गांधी फाउंडेशन और जयपुरिया इंटर कॉलेज गए। पृथ्वी ज़ुत्शी हिन्दी फ़िल्मों के एक अभिनेता हैं।',
      'बैठक हुई। मेल जेराड गिब्सन (जन्म: 3 जनवरी 1956) , ठेकेदार सुरेश कुमार उर्फ बबलू यादव (रिपोर्ट: अमित कुमार)',
      'विधायक मो. इरफान अंसारी और बरार साहब, अमरीकी कांग्रेस, जनता दल ( यू ), कम्युनिस्ट पार्टी ऑफ़ नेपाल ( मार्क्सवादी-लेनिनवादी )',
    ];
    // A Latin party name with a doubled letter (`Congresss`): the forgiving Latin lookup.
    const latinName = parties.map((q) => q.latin).find((l) => /^[A-Za-z]{5,}$/.test(l));
    if (latinName) extras.push(`${latinName}${latinName.slice(-1)} Mission`);
    const doc: string[] = [];
    for (let i = 0; i < paragraphs && persons.length > 0 && parties.length > 0 && words.length > 0; i++) {
      const p = persons[(i * 7919) % persons.length]!;
      const q = parties[(i * 104729) % parties.length]!;
      const filler: string[] = [];
      for (let k = 0; k < 40; k++) filler.push(words[(i * 131 + k * 977) % words.length]!);
      doc.push(
        `${q.abbreviations[0] ?? q.name} नेता ${p.name} ${verbs[i % verbs.length]} ${filler.slice(0, 20).join(' ')} ${dates[i % dates.length]} श्री ${filler[20]} ${filler[21]} और ${q.name} ${extras[i % extras.length]} ${filler.slice(22).join(' ')} https://example.com/${i}.jpg पर।`,
      );
      if (given.length > 0 && surnames.length > 0) doc.push(`${filler[i % 40]} ${given[i % given.length]} ${surnames[(i * 7) % surnames.length]}`);
    }
    if (doc.length === 0) return [];
    // Scraped pages repeat a caption or a teaser: the document pass then meets a paragraph whose matches it already has.
    doc.push(doc[0]!);
    // And an article with a publication date, against which weekdays and कल resolve, and one
    // whose date is its dateline.
    return [
      doc.join('\n'),
      ['लखनऊ, 15 अगस्त 2024। ' + doc[1 % doc.length]!, ...doc.slice(0, Math.ceil(doc.length / 16))].join('\n'),
      ['Published : Oct 20, 2023, 10:30 AM', ...doc.slice(0, Math.ceil(doc.length / 8))].join('\n'),
    ];
  }

  /** Recognise a whole document; reuses `cache` entries for unchanged paragraphs. */
  recognize(text: string, cache?: ParagraphCache): DocumentAnalysis {
    const publication = findPublicationDate(text);
    const spans: Span[] = [];
    let memo: PropagateMemo | undefined;
    if (cache && text.length >= DOCUMENT_PASS_MEMO_MIN_LENGTH) {
      memo = this.memos.get(cache);
      if (!memo) this.memos.set(cache, (memo = createPropagateMemo()));
    }
    const paragraphs: ParagraphRef[] | undefined = memo ? [] : undefined;
    let offset = 0;
    while (offset <= text.length) {
      let nl = text.indexOf('\n', offset);
      if (nl < 0) nl = text.length;
      if (nl > offset) {
        const para = text.slice(offset, nl);
        const key = cache ? paragraphKey(publication, para) : '';
        let a = cache?.get(key);
        if (!a) {
          a = this.analyzeParagraph(para, publication);
          cache?.set(key, a);
        }
        for (const s of a.spans) spans.push(copySpan(s, s.start + offset, s.end + offset, s.text));
        paragraphs?.push({ offset, analysis: a });
      }
      offset = nl + 1;
    }
    let resolved = this.names.propagate(text, spans, memo, paragraphs);
    // Short forms, list items and joins are found after the paragraphs: a rejection applies to them too.
    const learned = this.learned;
    if (learned?.hasRejections) resolved = resolved.filter((s) => !learned.isRejected(text, s.start, s.end, s.label));
    const skipped = findSkipRegions(text);
    return { spans: resolved, skipped, ...(publication ? { publication } : {}) };
  }
}

/** True when raw `[s, e)` overlaps a skipped region (a URL, a file name). */
function isSkipped(skipped: ReadonlyArray<[number, number]>, s: number, e: number): boolean {
  return skipped.length > 0 && overlapsSkip(skipped, s, e);
}

/** The knowledge base's candidates from its matches in a paragraph. */
function kbCandidates(t: NormalizedText, kbMatches: readonly KbMatch[], skipped: ReadonlyArray<[number, number]>, cands: Candidate[]): void {
  const text = t.raw;
  for (const m of kbMatches) {
    const s = t.toRaw[m.start]!;
    let e = t.toRaw[m.end]!;
    if (isSkipped(skipped, s, e)) continue;
    if (m.label === 'PARTY') {
      // The US Congress is a legislature, not the party (GUIDELINES.md).
      if (m.entityId === 'inc' && US_BEFORE.test(text.slice(Math.max(0, s - 20), s))) continue;
      // A bracketed part of a party's name stays inside (`कम्युनिस्ट पार्टी ऑफ़ नेपाल ( मार्क्सवादी-लेनिनवादी )`);
      // an abbreviation in brackets is a span of its own (`भारतीय जनता पार्टी (बीजेपी)`).
      if (m.kind === 'name' || m.kind === 'variant') e += bracketAfter(t, kbMatches, m, e);
    }
    cands.push({
      start: s,
      end: e,
      label: m.label,
      text: text.slice(s, e),
      source: 'kb',
      reason: m.reason,
      entityId: m.entityId || undefined,
      date: undefined,
      confidence: kbConfidence(m),
      priority: m.label === 'PARTY' ? PRIORITY_PARTY : PRIORITY_PERSON_KB,
      short: m.label === 'PERSON' && m.kind === 'short',
    });
  }
}

/** The length of a bracket of one to three words at raw `e` that belongs to the party name `m` (no other match starts inside it), else 0. */
function bracketAfter(t: NormalizedText, kbMatches: readonly KbMatch[], m: KbMatch, e: number): number {
  const br = NAME_BRACKET.exec(t.raw.slice(e, e + 60));
  if (!br) return 0;
  for (const x of kbMatches) if (x !== m && t.toRaw[x.start]! >= e && t.toRaw[x.start]! < e + br[0].length) return 0;
  return br[0].length;
}

/**
 * An ambiguous abbreviation with no party word around it (`सीपीआई` "consumer price index",
 * `पीपीपी` "public-private partnership") is the party when `के`, `की` or `का` joins it to a person's
 * name or to a leader's title (`सीपीआई के डी राया`, `पीपीपी के नेतृत्व वाली सरकार`).
 */
function partiesOfPersons(t: NormalizedText, tokens: readonly Token[], unsure: readonly KbMatch[], skipped: ReadonlyArray<[number, number]>, cands: Candidate[]): void {
  const norm = t.norm;
  let k = 0;
  for (const m of unsure) {
    if (m.label !== 'PARTY') continue;
    while (k < tokens.length && tokens[k]!.end <= m.end) k++;
    if (k + 1 >= tokens.length) break;
    const of = norm.slice(tokens[k]!.start, tokens[k]!.end);
    if (of !== 'के' && of !== 'की' && of !== 'का') continue;
    const next = tokens[k + 1]!;
    const at = t.toRaw[next.start]!;
    if (!PARTY_OF.has(norm.slice(next.start, next.end)) && !cands.some((c) => c.label === 'PERSON' && c.start === at)) continue;
    const s = t.toRaw[m.start]!;
    const e = t.toRaw[m.end]!;
    if (isSkipped(skipped, s, e)) continue;
    cands.push({ start: s, end: e, label: 'PARTY', text: t.raw.slice(s, e), source: 'kb', reason: `${m.reason}, of the person or leader after it`, entityId: m.entityId || undefined, date: undefined, confidence: 0.8, priority: PRIORITY_PARTY, short: false });
  }
}

/**
 * `कांग्रेस` in a sentence about the United States (a US office holder of the knowledge base, or
 * words such as अमेरिकी, वॉशिंगटन, सीनेट) and about nothing Indian (no other party, no
 * knowledge-base person of an Indian party) is the US Congress, a legislature (GUIDELINES.md).
 */
function withoutUsCongress(text: string, cands: Candidate[], usPersons: ReadonlySet<string>, index: KbIndex): void {
  let k = 0;
  for (const c of cands) {
    if (c.label !== 'PARTY' || c.entityId !== 'inc' || !aboutTheUs(text, cands, c, usPersons, index)) cands[k++] = c;
  }
  cands.length = k;
}

function aboutTheUs(text: string, cands: readonly Candidate[], c: Candidate, usPersons: ReadonlySet<string>, index: KbIndex): boolean {
  let a = c.start;
  while (a > 0 && !SENTENCE_END.test(text[a - 1]!)) a--;
  let b = c.end;
  while (b < text.length && !SENTENCE_END.test(text[b]!)) b++;
  let us = US_WORDS.test(text.slice(a, b));
  for (const x of cands) {
    if (x === c || x.end <= a || x.start >= b || !x.entityId) continue;
    if (x.label === 'PARTY' && x.entityId !== 'inc') return false;
    if (x.label !== 'PERSON') continue;
    if (usPersons.has(x.entityId)) us = true;
    else if (index.persons.get(x.entityId)?.party) return false;
  }
  return us;
}
/** Characters that end a sentence (a full stop after a number or an initial does too: a sentence is only the search window). */
const SENTENCE_END = /[।.?!|\n]/;

/** A name heading an institution's name (`राजीव गांधी फाउंडेशन`) is not a person there. */
function withoutInstitutions(text: string, cands: Candidate[]): Candidate[] {
  let k = 0;
  for (const c of cands) if (c.label !== 'PERSON' || !namesAnInstitution(text, c.end)) cands[k++] = c;
  cands.length = k;
  return cands;
}

/**
 * Choose non-overlapping spans: higher priority first, then the longer
 * reading, then the earlier one. Every chosen span is widened to whole
 * grapheme clusters.
 */
function selectSpans(text: string, cands: Candidate[]): Span[] {
  if (cands.length === 0) return [];
  // A name around a knowledge-base short form (`शमीम [मोदी]`, `[हेमंत] ताले`), a one-word
  // knowledge-base name or a name learned from the annotator is another person with the same
  // surname or given name: a longer reading that holds it competes on equal terms, and the
  // longer one wins.
  for (const k of cands) {
    if (k.label !== 'PERSON' || !(k.source === 'learned' || (k.source === 'kb' && (k.short || !/\s/.test(k.text))))) continue;
    for (const d of cands) {
      if (d.label !== 'PERSON' || d.source === k.source || d.start > k.start || d.end < k.end || d.end - d.start <= k.end - k.start) continue;
      d.priority = Math.max(d.priority, k.priority);
    }
  }
  cands.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: Candidate[] = [];
  outer: for (const c of cands) {
    for (const t of taken) if (c.start < t.end && t.start < c.end) continue outer;
    taken.push(c);
  }
  taken.sort((a, b) => a.start - b.start);
  // Two sources that agree on a name's extent (a title rule and the tagger) are surer than either.
  for (const t of taken) {
    if (t.label !== 'PERSON') continue;
    for (const c of cands) if (c !== t && c.label === 'PERSON' && c.start === t.start && c.end === t.end && c.confidence > t.confidence) t.confidence = c.confidence;
  }
  return taken.map((c) => {
    let { start, end } = c;
    if (!isGraphemeBoundary(text, start) || !isGraphemeBoundary(text, end)) [start, end] = snapOutward(text, start, end);
    return copySpan(c, start, end, text.slice(start, end));
  });
}


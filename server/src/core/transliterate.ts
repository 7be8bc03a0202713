/**
 * Devanagari → readable Latin, in the spelling Indian English-language news
 * uses for Hindi names (Avinash Pandey, Narendra Modi, Mallikarjun Kharge),
 * not a scholarly scheme such as ISO 15919.
 *
 * Hindi does not pronounce every inherent vowel ("schwa") that the script
 * implies, so a letter-by-letter mapping gives "Avinasha Pamdeya". We parse each
 * word into consonant and vowel units and delete schwas the way speakers do
 * (Ohala's rule, as used by Narasimhan et al. 2004):
 * - word-final: dropped, unless it follows a conjunct ending in a semivowel or
 *   a nasal (Narendra, Mishra, Surya, Krishna) or follows -iy- (Bharatiya);
 * - medial: scanning right to left, a schwa in the context V C _ C V is dropped
 *   (Subodhkant, Rajnath, Mamta).
 * Nasalisation (anusvara, chandrabindu) becomes the nasal of the following
 * consonant's place of articulation (Gandhi, Ambedkar). A word made only of
 * English letter names (के सी, बी जे पी) is read as an initialism (KC, BJP).
 * Everything outside Devanagari words passes through unchanged.
 */
export function transliterate(devanagari: string): string {
  const out = devanagari.replace(WORD, (word) => {
    let latin = wordCache.get(word);
    if (latin === undefined) {
      const clean = word.replace(/[\u200c\u200d]/g, '');
      latin = initialism(clean) ?? capitalise(transliterateWord(clean));
      if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
      wordCache.set(word, latin);
    }
    return latin;
  });
  // Digits and dandas are rare in a name: one test instead of three replacements.
  if (!DIGIT_OR_DANDA.test(out)) return out;
  return out
    .replace(/[\u0966-\u096f]/g, (d) => String(d.charCodeAt(0) - 0x0966))
    .replace(/\u0964/g, '.')
    .replace(/\u0965/g, '.');
}

const DIGIT_OR_DANDA = /[\u0964-\u096f]/;

/**
 * Latin form of each word seen (bounded): names share their words (सिंह,
 * कुमार, शर्मा), and the document pass transliterates every name of an
 * article that has English text.
 */
const wordCache = new Map<string, string>();
const WORD_CACHE_MAX = 20_000;

/** A run of Devanagari letters and marks (digits and dandas are handled per character). */
const WORD = /[\u0900-\u0963\u0971-\u097f\u200c\u200d]+/g;

const NUKTA = '\u093c';
const VIRAMA = '\u094d';

/** Consonants. Nukta forms are listed decomposed; NFC keeps them decomposed too. */
const CONSONANTS: Record<string, string> = {
  क: 'k', ख: 'kh', ग: 'g', घ: 'gh', ङ: 'n',
  च: 'ch', छ: 'chh', ज: 'j', झ: 'jh', ञ: 'n',
  ट: 't', ठ: 'th', ड: 'd', ढ: 'dh', ण: 'n',
  त: 't', थ: 'th', द: 'd', ध: 'dh', न: 'n',
  प: 'p', फ: 'ph', ब: 'b', भ: 'bh', म: 'm',
  य: 'y', र: 'r', ल: 'l', ळ: 'l', व: 'v',
  श: 'sh', ष: 'sh', स: 's', ह: 'h',
  'क\u093c': 'q', 'ख\u093c': 'kh', 'ग\u093c': 'gh', 'ज\u093c': 'z', 'फ\u093c': 'f',
  // English spelling writes ड़ as r (Kharge), ढ़ as rh (Chhattisgarh).
  'ड\u093c': 'r', 'ढ\u093c': 'rh', 'य\u093c': 'y', 'न\u093c': 'n', 'र\u093c': 'r', 'ळ\u093c': 'l',
};
/** Precomposed nukta letters, mapped to their decomposed form. */
const PRECOMPOSED: Record<string, string> = {
  '\u0958': 'क\u093c', '\u0959': 'ख\u093c', '\u095a': 'ग\u093c', '\u095b': 'ज\u093c',
  '\u095c': 'ड\u093c', '\u095d': 'ढ\u093c', '\u095e': 'फ\u093c', '\u095f': 'य\u093c',
  '\u0929': 'न\u093c', '\u0931': 'र\u093c', '\u0934': 'ळ\u093c',
};

/** Characters {@link PRECOMPOSED} rewrites. */
const HAS_PRECOMPOSED = new RegExp(`[${Object.keys(PRECOMPOSED).join('')}]`);

/** `word` with every precomposed nukta letter split into letter + nukta (most words have none). */
function decompose(word: string): string {
  return HAS_PRECOMPOSED.test(word) ? [...word].map((c) => PRECOMPOSED[c] ?? c).join('') : word;
}

type VowelKey = 'a' | 'aa' | 'i' | 'ii' | 'u' | 'uu' | 'ri' | 'e' | 'ai' | 'o' | 'au';
const VOWEL_LATIN: Record<VowelKey, string> = {
  a: 'a', aa: 'a', i: 'i', ii: 'i', u: 'u', uu: 'u', ri: 'ri', e: 'e', ai: 'ai', o: 'o', au: 'au',
};
const INDEPENDENT: Record<string, VowelKey> = {
  अ: 'a', आ: 'aa', इ: 'i', ई: 'ii', उ: 'u', ऊ: 'uu', ऋ: 'ri', ए: 'e', ऐ: 'ai', ओ: 'o', औ: 'au',
  ऑ: 'o', ऍ: 'e', ऎ: 'e', ऒ: 'o', ॠ: 'ri', ऌ: 'ri',
};
const MATRA: Record<string, VowelKey> = {
  'ा': 'aa', 'ि': 'i', 'ी': 'ii', 'ु': 'u', 'ू': 'uu', 'ृ': 'ri', 'ॄ': 'ri', 'े': 'e', 'ै': 'ai',
  'ो': 'o', 'ौ': 'au', 'ॉ': 'o', 'ॅ': 'e', 'ॆ': 'e', 'ॊ': 'o', 'ॢ': 'ri',
};
const NASAL_SIGNS = new Set(['\u0901', '\u0902']); // chandrabindu, anusvara
const VISARGA = '\u0903';

interface Consonant {
  kind: 'C';
  letter: string;
  /** Joined to the previous consonant by a virama in writing. */
  conjunct: boolean;
}
interface Vowel {
  kind: 'V';
  key: VowelKey;
  /** The inherent vowel of a consonant, the only one Hindi may silence. */
  schwa: boolean;
  nasal: boolean;
  visarga: boolean;
  deleted: boolean;
}
type Unit = Consonant | Vowel;

function parse(word: string): Unit[] {
  const chars = decompose(word);
  const units: Unit[] = [];
  let afterVirama = false;
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i]!;
    if (chars[i + 1] === NUKTA && CONSONANTS[ch + NUKTA] !== undefined) ch += chars[++i];
    if (CONSONANTS[ch] !== undefined) {
      units.push({ kind: 'C', letter: ch, conjunct: afterVirama });
      afterVirama = false;
      const next = chars[i + 1];
      if (next === VIRAMA) {
        afterVirama = true;
        i++;
      } else if (next !== undefined && MATRA[next] !== undefined) {
        units.push(vowel(MATRA[next]!, false));
        i++;
      } else {
        units.push(vowel('a', true));
      }
      continue;
    }
    afterVirama = false;
    const last = units[units.length - 1];
    if (INDEPENDENT[ch] !== undefined) units.push(vowel(INDEPENDENT[ch]!, false));
    else if (NASAL_SIGNS.has(ch) && last?.kind === 'V') last.nasal = true;
    else if (ch === VISARGA && last?.kind === 'V') last.visarga = true;
    // Avagraha, stray marks and the like carry no sound in names.
  }
  return units;
}

function vowel(key: VowelKey, schwa: boolean): Vowel {
  return { kind: 'V', key, schwa, nasal: false, visarga: false, deleted: false };
}

const SEMIVOWELS = new Set(['य', 'र', 'ल', 'व']);
const NASALS = new Set(['न', 'ण', 'म']);
const LABIALS = new Set(['प', 'फ', 'ब', 'भ', 'म']);

const isV = (u: Unit | undefined): u is Vowel => u?.kind === 'V' && !u.deleted;
const isC = (u: Unit | undefined): u is Consonant => u?.kind === 'C';
const deletable = (u: Unit | undefined): u is Vowel => isV(u) && u.schwa && !u.nasal && !u.visarga;

function deleteSchwas(units: Unit[]): void {
  const n = units.length;
  const last = units[n - 1];
  const prev = units[n - 2];
  if (n > 2 && deletable(last) && isC(prev)) {
    const before = units[n - 3];
    const keep =
      (prev.conjunct && (SEMIVOWELS.has(prev.letter) || (NASALS.has(prev.letter) && isC(before) && !NASALS.has(before.letter)))) ||
      (prev.letter === 'य' && isV(before) && (before.key === 'i' || before.key === 'ii'));
    if (!keep) last.deleted = true;
  }
  for (let i = n - 3; i >= 2; i--) {
    const u = units[i];
    if (!deletable(u)) continue;
    const c1 = units[i - 1];
    const c2 = units[i + 1];
    if (isC(c1) && !c1.conjunct && isV(units[i - 2]) && isC(c2) && !c2.conjunct && isV(units[i + 2])) u.deleted = true;
  }
}

/** True when nothing voiced follows consonant `i`: the word ends or another consonant comes next. */
function closesSyllable(units: Unit[], i: number): boolean {
  for (let j = i + 1; j < units.length; j++) {
    const u = units[j]!;
    if (u.kind === 'C') return true;
    if (!u.deleted) return false;
  }
  return true;
}

/** Next unit after `i` that is sounded (skips deleted schwas). */
function nextSounded(units: Unit[], i: number): Unit | undefined {
  for (let j = i + 1; j < units.length; j++) {
    const u = units[j]!;
    if (u.kind === 'C' || !u.deleted) return u;
  }
  return undefined;
}

function consonantLatin(units: Unit[], i: number, c: Consonant): string {
  const prev = units[i - 1];
  if (c.letter === 'ञ' && isC(prev) && prev.letter === 'ज') return 'y'; // ज्ञ is "gy" in Hindi (Gyan)
  if (c.letter === 'ज' && units[i + 1]?.kind === 'C' && (units[i + 1] as Consonant).letter === 'ञ') return 'g';
  if (c.letter === 'व' && i > 0) {
    // After these conjunct heads English writes w (Rameshwar, Swami, Dwivedi);
    // so it does before -aal/-aar/-aah (Kejriwal, Pawar, Jawahar).
    if (c.conjunct && isC(prev) && 'शषसदतजह'.includes(prev.letter)) return 'w';
    const v = units[i + 1];
    if (isV(v) && v.key === 'aa') {
      const after = units[i + 2];
      if (after === undefined || (isC(after) && 'लरह'.includes(after.letter))) return 'w';
    }
  }
  // Final -iyā after a single consonant is spelt "-ia" (Sonia, Bhatia, Lohia); after a conjunct it keeps y (Priya).
  if (c.letter === 'य' && isV(prev) && prev.key === 'i' && i === units.length - 2) {
    const v = units[i + 1];
    const onset = units[i - 2];
    if (isV(v) && v.key === 'aa' && isC(onset) && !onset.conjunct && i >= 3) return '';
  }
  // A closed -ay- is spelt "ai" (Jairam, Naidu, Gaikwad); a final one stays (Sahay).
  if (c.letter === 'य' && isV(prev) && (prev.key === 'a' || prev.key === 'aa')) {
    const v = units[i + 1];
    if (v?.kind === 'V' && v.deleted && isC(nextSounded(units, i))) return 'i';
  }
  return CONSONANTS[c.letter]!;
}

/**
 * News spelling writes a medial ई as "ee" in an open syllable before a plain
 * consonant (Deepika, Geeta, Pradeep, Naveen) but keeps "i" before sibilants,
 * r, v and y (Girish, Alamgir, Kejriwal, Bharatiya), before another ई
 * (Nitish) and at the end (Modi). It is a convention, not a law: Sunita and
 * Dilip are spelt with i.
 */
function longI(units: Unit[], i: number, next: Unit | undefined): boolean {
  const current = units[i] as Vowel;
  if (!current.schwa && units[i - 1]?.kind !== 'C') return false; // independent ई: Irani
  if (!isC(next) || 'शषसरवय'.includes(next.letter)) return false;
  const j = units.indexOf(next);
  if (units[j + 1]?.kind === 'C') return false; // before a written conjunct: Kirti
  const following = units[j + 1];
  if (isV(following) && following.key === 'ii') return false; // one ee per run: Nitish
  // A monosyllable keeps i (Mir, Din).
  return units.some((u, k) => k !== i && isV(u));
}

/**
 * The name suffixes -वती and -मती are their own morpheme: their schwa is never
 * lost to the stem's, and English writes व there as w (Mayawati, Saraswati).
 */
const SUFFIXES: Array<[string, string]> = [['वती', 'wati'], ['मती', 'mati']];

function transliterateWord(word: string): string {
  for (const [suffix, latin] of SUFFIXES) {
    const stem = word.slice(0, -suffix.length);
    if (word.endsWith(suffix) && stem.length >= 2 && !stem.endsWith(VIRAMA)) return transliterateUnits(stem) + latin;
  }
  return transliterateUnits(word);
}

function transliterateUnits(word: string): string {
  const units = parse(word);
  deleteSchwas(units);
  let out = '';
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.kind === 'C') {
      out += consonantLatin(units, i, u);
      continue;
    }
    if (u.deleted) continue;
    const next = nextSounded(units, i);
    const j = next === undefined ? -1 : units.indexOf(next);
    // A closed schwa before h sounds and is spelt "e": Mehta, Gehlot, Rehman.
    if (u.schwa && i > 0 && isC(next) && next.letter === 'ह' && closesSyllable(units, j)) out += 'e';
    else if (u.key === 'ii' && longI(units, i, next)) out += 'ee';
    else out += VOWEL_LATIN[u.key];
    if (u.visarga) out += 'h';
    if (!u.nasal) continue;
    if (!isC(next)) out += 'n';
    else if (LABIALS.has(next.letter)) out += 'm';
    else if (next.letter === 'ह' && closesSyllable(units, j)) out += 'ng'; // सिंह → Singh
    else if (next.letter === 'व' && closesSyllable(units, j) && nextSounded(units, j) === undefined) {
      // गांव, उरांव: a word-final nasal -v is a rounded glide, spelt "-aon" (Gaon, Uraon).
      out += 'on';
      i = units.length;
    } else out += 'n';
  }
  return out;
}

/** Letter names as Hindi writes them, for reading initialisms: के सी → KC. */
const LETTER_NAMES: Array<[string, string]> = [
  ['ए', 'A'], ['बी', 'B'], ['सी', 'C'], ['डी', 'D'], ['ई', 'E'], ['एफ', 'F'], ['एफ़', 'F'], ['जी', 'G'],
  ['एच', 'H'], ['आई', 'I'], ['जे', 'J'], ['के', 'K'], ['एल', 'L'], ['एम', 'M'], ['एन', 'N'], ['ओ', 'O'],
  ['पी', 'P'], ['क्यू', 'Q'], ['आर', 'R'], ['एस', 'S'], ['टी', 'T'], ['यू', 'U'], ['वी', 'V'],
  ['डब्ल्यू', 'W'], ['डबल्यू', 'W'], ['एक्स', 'X'], ['वाई', 'Y'], ['जेड', 'Z'], ['ज़ेड', 'Z'],
];

/** A word that is letter names only (the condition under which {@link initialism} reads one). */
const LETTER_NAMES_ONLY = new RegExp(`^(?:${LETTER_NAMES.map(([spelling]) => spelling).join('|')})+$`);

/** The word read as English letter names (at least two), or undefined when it is not one. */
function initialism(word: string): string | undefined {
  const decomposed = decompose(word);
  // Nearly every word is not an initialism: one native regex test settles it before the
  // backtracking reader (which picks the reading) runs. Both accept exactly the words that
  // split into letter names.
  if (!LETTER_NAMES_ONLY.test(decomposed)) return undefined;
  const read = (rest: string): string | undefined => {
    if (rest === '') return '';
    for (const [spelling, letter] of LETTER_NAMES) {
      if (!rest.startsWith(spelling)) continue;
      const tail = read(rest.slice(spelling.length));
      if (tail !== undefined) return letter + tail;
    }
    return undefined;
  };
  const letters = read(decomposed);
  return letters !== undefined && letters.length >= 2 ? letters : undefined;
}

function capitalise(latin: string): string {
  return latin.charAt(0).toUpperCase() + latin.slice(1);
}

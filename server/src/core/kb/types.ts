/**
 * Knowledge-base entry shapes. The data lives in JSON files under
 * `server/data/kb/` (and, optionally, in users' workspace files); the schema in
 * `server/data/kb/schema.json` describes the same shapes for editors.
 */

/** A person: canonical name in Devanagari plus every way news writes it. */
export interface PersonEntry {
  /** Stable id, lower-case Latin slug: `mallikarjun-kharge`. */
  id: string;
  /** Canonical Devanagari name: `मल्लिकार्जुन खड़गे`. */
  name: string;
  /** Latin (English) name as the person is known: `Mallikarjun Kharge`. */
  latin: string;
  /** Other full spellings, Devanagari or Latin: `मल्लिकार्जुन खरगे`, `Mallikarjun Kharge`. */
  variants?: string[];
  /**
   * Short forms that on their own refer to this person in political news
   * (`खड़गे`, `खरगे`, `मोदी`). Only unambiguous ones; a common given name such
   * as `राहुल` belongs here only if news uses it alone for this person.
   */
  short?: string[];
  /** Role or description, Hindi or English: `Congress president (2022–)`. */
  role?: string;
  /** Party id (see PartyEntry.id) of the person's current or best-known party. */
  party?: string;
  /** Wikidata QID when known: `Q3350037`. */
  qid?: string;
  /** Where the entry's facts come from: `public record`, `IL-NER train`, `HiNER`, a URL, … */
  source: string;
}

/** A political party or a named electoral alliance. */
export interface PartyEntry {
  /** Stable id, lower-case Latin slug: `bjp`, `inc`, `india-bloc`. */
  id: string;
  kind: 'party' | 'alliance';
  /** Canonical full Devanagari name: `भारतीय जनता पार्टी`. */
  name: string;
  /** Full Latin name: `Bharatiya Janata Party`. */
  latin: string;
  /** Abbreviations and short names in any script: `भाजपा`, `बीजेपी`, `BJP`. */
  abbreviations: string[];
  /** Other full-name spellings: `भारतीय जनता पार्टी`, `Bharatiya Janata Party`. */
  variants?: string[];
  /**
   * Forms from `abbreviations` or `variants` that are also ordinary words or
   * other common abbreviations (`आप` "you", `हम` "we", `एसपी` superintendent of
   * police, `पीटीआई` the news agency). The matcher must accept these only in
   * party context (next to another party name, or before words such as
   * नेता, सांसद, विधायक, कार्यकर्ता, प्रवक्ता, सरकार, उम्मीदवार). Every form listed
   * here must also appear in `abbreviations` or `variants`.
   */
  ambiguous?: string[];
  /** Alliance ids this party belongs to (for parties) or member party ids (for alliances). */
  alliances?: string[];
  members?: string[];
  /** State(s) where the party is recognised, or `national`. */
  scope?: string;
  qid?: string;
  source: string;
}

/** One knowledge-base file: `{"version": 1, "persons": [...], "parties": [...]}`. */
export interface KbFile {
  version: 1;
  persons?: PersonEntry[];
  parties?: PartyEntry[];
}

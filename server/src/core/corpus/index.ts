/**
 * The corpus pipeline: walking articles, reading them with their sidecars,
 * exporting and importing datasets. Pure of any editor protocol; the command
 * line (`cli/export.ts`) and the language server (`features/exportCommand.ts`)
 * are thin callers.
 */
export { decodeArticle, readArticle, MAX_FILE_BYTES, type InputDoc, type InputResult } from './articles';
export { exportCorpus, formatLeftOut, DEFAULT_EXPORT_FOLDER, type ExportCorpusOptions, type ExportCorpusResult } from './exportCorpus';
export { importCorpus, type ImportAs, type ImportCorpusOptions, type ImportCorpusResult } from './importCorpus';
export { EXPORT_MARKER, isExportFolder, readExportMarker } from './marker';
export { OutputError } from './output';
export { findArticles, type FoundArticle, type SkippedEntry, type WalkResult } from './walk';

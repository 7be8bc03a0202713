/**
 * `hindiNews.*` settings, read with workspace/configuration per resource,
 * cached per resource and dropped when the configuration changes or the
 * document closes (never kept in globals).
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, exportFolderOf, type HindiNewsSettings } from '../protocol';

export type { HindiNewsSettings };

export class SettingsStore {
  private readonly cache = new Map<string, Promise<HindiNewsSettings>>();
  private globalSettings: HindiNewsSettings = DEFAULT_SETTINGS;

  /** `pull` is false when the client cannot answer workspace/configuration; settings then come from didChangeConfiguration. */
  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
  ) {}

  /** Settings for a document or folder URI; without one, the window's (user and workspace) settings. */
  get(resource: string | undefined): Promise<HindiNewsSettings> {
    if (!this.pull) return Promise.resolve(this.globalSettings);
    const key = resource ?? '';
    let p = this.cache.get(key);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration(resource ? { scopeUri: resource, section: 'hindiNews' } : { section: 'hindiNews' })
        .then(
          (raw: unknown) => normalizeSettings(raw),
          () => DEFAULT_SETTINGS,
        );
      this.cache.set(key, p);
    }
    return p;
  }

  /** Call on workspace/didChangeConfiguration; `pushed` is the notification's settings object (used when pull is off). */
  changed(pushed: unknown): void {
    this.cache.clear();
    if (!this.pull) {
      const section = (pushed as { hindiNews?: unknown } | null)?.hindiNews;
      this.globalSettings = normalizeSettings(section);
    }
  }

  drop(resource: string): void {
    this.cache.delete(resource);
  }
}

function stringList(v: unknown, fallback: string[]): string[] {
  if (typeof v === 'string') return v.trim() ? [v] : fallback;
  if (Array.isArray(v)) {
    const out = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    return out;
  }
  return fallback;
}

/** `hindiNews.labels.custom`: `[{name, color}]`; names upper-cased, the built-in labels and duplicates left out. */
function customLabels(v: unknown): Array<{ name: string; color?: string }> {
  if (!Array.isArray(v)) return [];
  const out: Array<{ name: string; color?: string }> = [];
  for (const x of v) {
    const name = typeof x === 'string' ? x : x && typeof x === 'object' ? (x as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || !/^[\p{L}\p{N}_-]+$/u.test(name.trim())) continue;
    const n = name.trim().toUpperCase();
    if (['PERSON', 'PARTY', 'DATE'].includes(n) || out.some((o) => o.name === n)) continue;
    const color = x && typeof x === 'object' ? (x as { color?: unknown }).color : undefined;
    out.push(typeof color === 'string' ? { name: n, color } : { name: n });
  }
  return out;
}

/** Accept whatever the client sends (missing keys, wrong types) and fill in defaults. */
export function normalizeSettings(raw: unknown): HindiNewsSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>;
  const d = DEFAULT_SETTINGS;
  const size = Number(r.maxFullDocumentSize);
  return {
    files: stringList(r.files, d.files),
    inlayHints: { enabled: typeof r.inlayHints?.enabled === 'boolean' ? r.inlayHints.enabled : d.inlayHints.enabled },
    labels: { show: stringList(r.labels?.show, d.labels.show).map((l) => l.toUpperCase()), custom: customLabels(r.labels?.custom) },
    knowledgeBase: { files: stringList(r.knowledgeBase?.files, d.knowledgeBase.files) },
    maxFullDocumentSize: Number.isFinite(size) && size > 0 ? size : d.maxFullDocumentSize,
    exportFolder: exportFolderSetting(r.exportFolder, d.exportFolder),
    review: { leastConfidentFirst: typeof r.review?.leastConfidentFirst === 'boolean' ? r.review.leastConfidentFirst : d.review.leastConfidentFirst },
  };
}

/** A folder path relative to the workspace folder ({@link exportFolderOf}, shared with the client); anything else falls back to the default. */
function exportFolderSetting(v: unknown, fallback: string): string {
  return exportFolderOf(v) ?? fallback;
}

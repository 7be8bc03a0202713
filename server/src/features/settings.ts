/**
 * `hindiNews.*` settings, read with workspace/configuration per resource,
 * cached per resource and dropped when the configuration changes or the
 * document closes (never kept in globals).
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, type HindiNewsSettings } from '../protocol';

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

/** Accept whatever the client sends (missing keys, wrong types) and fill in defaults. */
export function normalizeSettings(raw: unknown): HindiNewsSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, any>;
  const d = DEFAULT_SETTINGS;
  const size = Number(r.maxFullDocumentSize);
  return {
    files: stringList(r.files, d.files),
    inlayHints: { enabled: typeof r.inlayHints?.enabled === 'boolean' ? r.inlayHints.enabled : d.inlayHints.enabled },
    labels: { show: stringList(r.labels?.show, d.labels.show).map((l) => l.toUpperCase()) },
    knowledgeBase: { files: stringList(r.knowledgeBase?.files, d.knowledgeBase.files) },
    maxFullDocumentSize: Number.isFinite(size) && size > 0 ? size : d.maxFullDocumentSize,
  };
}

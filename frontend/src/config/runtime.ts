// Configuration that Django injects into index.html at request time, so one
// build runs anywhere:
//   <script id="app-config" type="application/json">{...}</script>
// It is data (type=application/json), never executed, so a strict CSP holds.
//
// The limits are the server's own (helpdesk/core/views.py sends them): the
// app keeps no copy. Where a page is served without them (Vite's dev server),
// a limit is null and only the server checks it.
export interface Limits {
  maxUploadBytes: number | null;
  /** Lower-case file extensions without the dot. */
  allowedExtensions: readonly string[] | null;
  titleMaxLength: number | null;
  commentMaxLength: number | null;
  /** How many files one comment may carry. */
  commentMaxFiles: number | null;
}

export interface RuntimeConfig extends Limits {
  tawkPropertyId: string;
  tawkWidgetId: string;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function asLimit(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function asExtensions(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const extensions = value.filter((item): item is string => typeof item === 'string' && item !== '').map((item) => item.toLowerCase());
  return extensions.length ? extensions : null;
}

export function readRuntimeConfig(doc: Document = document): RuntimeConfig {
  let raw: Record<string, unknown> = {};
  const text = doc.getElementById('app-config')?.textContent;
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
    } catch {
      // A broken config block must not take the app down; run without extras.
    }
  }
  return {
    tawkPropertyId: asString(raw.tawkPropertyId),
    tawkWidgetId: asString(raw.tawkWidgetId),
    maxUploadBytes: asLimit(raw.maxUploadBytes),
    allowedExtensions: asExtensions(raw.allowedExtensions),
    titleMaxLength: asLimit(raw.titleMaxLength),
    commentMaxLength: asLimit(raw.commentMaxLength),
    commentMaxFiles: asLimit(raw.commentMaxFiles),
  };
}

let cached: RuntimeConfig | null = null;

export function runtimeConfig(): RuntimeConfig {
  cached ??= readRuntimeConfig();
  return cached;
}

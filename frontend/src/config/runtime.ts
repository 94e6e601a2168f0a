// Configuration that Django injects into index.html at request time, so one
// build runs anywhere:
//   <script id="app-config" type="application/json">{...}</script>
// It is data (type=application/json), never executed, so a strict CSP holds.
export interface RuntimeConfig {
  tawkPropertyId: string;
  tawkWidgetId: string;
  /** The server's upload limit, when it tells us; the spec's default otherwise. */
  maxUploadBytes: number;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

function asString(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
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
  const max = raw.maxUploadBytes;
  return {
    tawkPropertyId: asString(raw.tawkPropertyId),
    tawkWidgetId: asString(raw.tawkWidgetId),
    maxUploadBytes: typeof max === 'number' && max > 0 ? max : DEFAULT_MAX_UPLOAD_BYTES,
  };
}

let cached: RuntimeConfig | null = null;

export function runtimeConfig(): RuntimeConfig {
  cached ??= readRuntimeConfig();
  return cached;
}

import type { RuntimeConfig } from '@/config/runtime';

// Tawk.to IDs are short alphanumeric tokens; anything else is refused rather
// than spliced into a script URL.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

declare global {
  interface Window {
    Tawk_API?: Record<string, unknown>;
    Tawk_LoadStart?: Date;
  }
}

/** Adds the live-chat widget only when the server configured both IDs. */
export function loadTawk(config: Pick<RuntimeConfig, 'tawkPropertyId' | 'tawkWidgetId'>, doc: Document = document): boolean {
  const { tawkPropertyId: property, tawkWidgetId: widget } = config;
  if (!ID.test(property) || !ID.test(widget)) return false;
  if (doc.getElementById('tawk-script')) return true;
  window.Tawk_API = window.Tawk_API ?? {};
  window.Tawk_LoadStart = new Date();
  const script = doc.createElement('script');
  script.id = 'tawk-script';
  script.async = true;
  script.src = `https://embed.tawk.to/${property}/${widget}`;
  script.charset = 'UTF-8';
  script.setAttribute('crossorigin', '*');
  doc.body.appendChild(script);
  return true;
}

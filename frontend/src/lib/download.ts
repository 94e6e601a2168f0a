// Saving a file that came from the API (fetched with the bearer token, so
// a plain <a href> cannot ask for it): through an object URL and a
// temporary <a download>, the one way every browser saves a Blob.

/** Saves `blob` as `filename` in the browser's downloads. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; let the click finish first.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "1.2 MB": a size in the reader's locale. */
export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** A list's query string as an export takes it: every filter, no page. */
export function exportQuery(search: string): Record<string, string> {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const query: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key !== 'page' && key !== 'page_size' && key !== 'format') query[key] = value;
  }
  return query;
}

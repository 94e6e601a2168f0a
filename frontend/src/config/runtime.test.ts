import { afterEach, describe, expect, it } from 'vitest';
import { loadTawk } from '@/lib/tawk';
import { readRuntimeConfig } from './runtime';

function docWith(json: string | null): Document {
  const doc = document.implementation.createHTMLDocument('t');
  if (json !== null) {
    const script = doc.createElement('script');
    script.id = 'app-config';
    script.type = 'application/json';
    script.textContent = json;
    doc.head.appendChild(script);
  }
  return doc;
}

afterEach(() => {
  document.getElementById('tawk-script')?.remove();
});

describe('runtime config', () => {
  it('reads the values Django injected into the page', () => {
    const json = JSON.stringify({
      tawkPropertyId: 'abc123',
      tawkWidgetId: 'def',
      maxUploadBytes: 5,
      allowedExtensions: ['pdf', 'PNG'],
      titleMaxLength: 200,
      commentMaxLength: 10000,
      commentMaxFiles: 5,
    });
    expect(readRuntimeConfig(docWith(json))).toEqual({
      tawkPropertyId: 'abc123',
      tawkWidgetId: 'def',
      maxUploadBytes: 5,
      allowedExtensions: ['pdf', 'png'],
      titleMaxLength: 200,
      commentMaxLength: 10000,
      commentMaxFiles: 5,
    });
  });

  it('leaves the limits to the server when the block is missing or broken', () => {
    const defaults = {
      tawkPropertyId: '',
      tawkWidgetId: '',
      maxUploadBytes: null,
      allowedExtensions: null,
      titleMaxLength: null,
      commentMaxLength: null,
      commentMaxFiles: null,
    };
    expect(readRuntimeConfig(docWith(null))).toEqual(defaults);
    expect(readRuntimeConfig(docWith('{not json'))).toEqual(defaults);
    expect(readRuntimeConfig(docWith('{"tawkPropertyId": 7}'))).toEqual(defaults);
  });
});

describe('live chat', () => {
  it('loads the Tawk.to script only when both IDs are set', () => {
    expect(loadTawk({ tawkPropertyId: '', tawkWidgetId: '' })).toBe(false);
    expect(loadTawk({ tawkPropertyId: 'abc', tawkWidgetId: '' })).toBe(false);
    expect(document.getElementById('tawk-script')).toBeNull();

    expect(loadTawk({ tawkPropertyId: 'abc123', tawkWidgetId: '1xyz' })).toBe(true);
    expect(document.getElementById('tawk-script')).toHaveAttribute('src', 'https://embed.tawk.to/abc123/1xyz');
  });

  it('refuses IDs that could change the script URL', () => {
    expect(loadTawk({ tawkPropertyId: 'abc/../../evil', tawkWidgetId: 'x' })).toBe(false);
    expect(document.getElementById('tawk-script')).toBeNull();
  });
});

import { defaultUrlTransform } from 'react-markdown';

/**
 * The URL if its protocol is safe (http, https, mailto, irc, xmpp, or a
 * relative URL), else null: `javascript:`, `data:`, `vbscript:`… never pass.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const kept = defaultUrlTransform(url.trim());
  return kept === '' ? null : kept;
}

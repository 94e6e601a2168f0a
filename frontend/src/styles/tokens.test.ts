import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every style sheet of the app, as text, by its path from the project root.
const src = `${process.cwd()}/src`; // Vitest runs in frontend/
const sheets: Record<string, string> = Object.fromEntries(
  readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.css'))
    .map((file) => [`/src/${file.replaceAll('\\', '/')}`, readFileSync(`${src}/${file}`, 'utf8')]),
);
const all = Object.entries(sheets);

function declarations(css: string): string[] {
  return [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/(?:^|[{;])\s*(--[\w-]+)\s*:/gm)].map((m) => m[1]!);
}

describe('design tokens', () => {
  it('declares each token once, for both themes', () => {
    const seen = new Map<string, string[]>();
    for (const [file, css] of all) {
      for (const name of declarations(css)) seen.set(name, [...(seen.get(name) ?? []), file]);
    }
    const repeated = [...seen].filter(([, files]) => files.length > 1);
    expect(repeated).toEqual([]);
    expect(seen.get('--bg')).toEqual(['/src/styles/tokens.css']);
  });

  it('lets the color scheme pick the theme, with no second block of dark values', () => {
    const tokens = sheets['/src/styles/tokens.css']!;
    expect(tokens).not.toMatch(/prefers-color-scheme/);
    expect(tokens).toMatch(/--bg:\s*light-dark\(/);
  });

  it('uses only tokens that exist', () => {
    const declared = new Set(all.flatMap(([, css]) => declarations(css)));
    const missing = all.flatMap(([file, css]) =>
      [...css.matchAll(/var\((--[\w-]+)/g)].map((m) => m[1]!).filter((name) => !declared.has(name)).map((name) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps only tokens, base and page scaffolding global; the rest sits beside its component or feature', () => {
    const global = Object.keys(sheets).filter((file) => file.startsWith('/src/styles/'));
    expect(global.sort()).toEqual(['/src/styles/base.css', '/src/styles/index.css', '/src/styles/layout.css', '/src/styles/tokens.css']);
    const base = `${sheets['/src/styles/base.css']}${sheets['/src/styles/layout.css']}`;
    for (const owned of ['.btn', '.header', '.badge', '.toast', '.alert', '.field', '.filters', '.ticket-card', '.comment']) {
      expect(base, owned).not.toContain(`${owned} `);
    }
  });
});

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

  it('gives every badge tone a text colour with at least 4.5:1 contrast on its background, in both themes', () => {
    const tokens = sheets['/src/styles/tokens.css']!;
    const value = (name: string): [string, string] => {
      const match = tokens.match(new RegExp(`${name}:\\s*light-dark\\((#[0-9a-f]{6}),\\s*(#[0-9a-f]{6})\\)`, 'i'));
      expect(match, name).not.toBeNull();
      return [match![1]!, match![2]!];
    };
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const tones = ['green', 'yellow', 'blue', 'purple', 'orange', 'amber', 'teal', 'grey', 'red'];
    for (const tone of tones) {
      const [bgLight, bgDark] = value(`--${tone}-bg`);
      const [textLight, textDark] = value(`--${tone}-text`);
      expect(contrast(bgLight, textLight), `${tone} light`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(bgDark, textDark), `${tone} dark`).toBeGreaterThanOrEqual(4.5);
    }
    // An SLA at risk (amber) and the Billing category (orange) must not look
    // alike: their fills differ in lightness by far more than a hue step.
    const [amberLight, amberDark] = value('--amber-bg');
    const [orangeLight, orangeDark] = value('--orange-bg');
    expect(contrast(amberLight, orangeLight)).toBeGreaterThanOrEqual(1.5);
    expect(contrast(amberDark, orangeDark)).toBeGreaterThanOrEqual(3);
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

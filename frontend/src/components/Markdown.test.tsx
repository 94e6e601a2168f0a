import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';
import { safeUrl } from './markdown-url';

function renderMarkdown(source: string) {
  const { container } = render(<Markdown testId="md">{source}</Markdown>);
  return { root: screen.getByTestId('md'), container };
}

describe('Markdown', () => {
  it('renders CommonMark and the GitHub extensions: emphasis, code, lists, quotes, tables, breaks', () => {
    const { root } = renderMarkdown(
      [
        '**Bold** and _italic_ and `npm ci`',
        'same paragraph, next line',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '',
        '> quoted',
        '',
        '```',
        'const x = 1;',
        '```',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '~~gone~~',
      ].join('\n'),
    );
    expect(within(root).getByText('Bold').tagName).toBe('STRONG');
    expect(within(root).getByText('italic').tagName).toBe('EM');
    expect(within(root).getByText('npm ci').tagName).toBe('CODE');
    // A line break where the author pressed Enter, as before Markdown.
    expect(root.querySelector('p br')).not.toBeNull();
    expect(within(root).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['one', 'two', 'first']);
    expect(root.querySelector('blockquote')).toHaveTextContent('quoted');
    expect(root.querySelector('pre code')).toHaveTextContent('const x = 1;');
    expect(within(root).getByRole('table')).toHaveTextContent('ab12');
    expect(root.querySelector('.markdown__table > table')).not.toBeNull();
    expect(within(root).getByText('gone').tagName).toBe('DEL');
  });

  it('shows raw HTML as text and renders none of it', () => {
    const { root } = renderMarkdown('<script>window.pwned = 1</script>\n\nHi <img src=x onerror="window.pwned=2"> <b>there</b>');
    expect(root.querySelector('script, img, b, iframe')).toBeNull();
    expect(root).toHaveTextContent('<script>window.pwned = 1</script>');
    expect(root).toHaveTextContent('<img src=x onerror="window.pwned=2">');
    expect(root).toHaveTextContent('<b>there</b>');
  });

  it('opens links in a new tab without the opener or the referrer', () => {
    const { root } = renderMarkdown('[docs](https://example.com/a) <https://example.org/b> and https://example.net/c and [home](/tickets/2)');
    const links = within(root).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a', 'https://example.org/b', 'https://example.net/c', '/tickets/2']);
    for (const link of links) {
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    }
  });

  it('keeps the text of a link with a dangerous address but drops the address', () => {
    const { root } = renderMarkdown(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:msgbox) <javascript:alert(1)>',
    );
    expect(within(root).queryAllByRole('link')).toHaveLength(0);
    expect(root.querySelector('[href]')).toBeNull();
    expect(root).toHaveTextContent('a b c d');
  });

  it('fetches no image: an image becomes a link to it, and an image with a dangerous address only its text', () => {
    const { root } = renderMarkdown('![the chart](https://tracker.example.com/pixel.png) ![](https://example.com/x.png) ![evil](javascript:alert(1))');
    expect(root.querySelector('img')).toBeNull();
    const links = within(root).getAllByRole('link');
    expect(links).toHaveLength(2);
    expect(links[0]).toHaveTextContent('Image: the chart');
    expect(links[0]).toHaveAttribute('href', 'https://tracker.example.com/pixel.png');
    expect(links[0]).toHaveAttribute('rel', 'noopener noreferrer');
    expect(links[1]).toHaveTextContent('Image: image');
    expect(root).toHaveTextContent('evil');
  });

  it('puts the author’s headings under the page’s own', () => {
    const { root } = renderMarkdown('# Big\n\n## Smaller\n\n###### Tiny');
    expect(within(root).getByRole('heading', { name: 'Big' }).tagName).toBe('H3');
    expect(within(root).getByRole('heading', { name: 'Smaller' }).tagName).toBe('H4');
    expect(within(root).getByRole('heading', { name: 'Tiny' }).tagName).toBe('H6');
  });

  it('renders task lists as labelled, read-only boxes', () => {
    const { root } = renderMarkdown('- [x] done\n- [ ] open');
    const boxes = within(root).getAllByRole('checkbox');
    expect(boxes.map((box) => [box.getAttribute('aria-label'), (box as HTMLInputElement).checked, (box as HTMLInputElement).disabled])).toEqual([
      ['Done', true, true],
      ['Not done', false, true],
    ]);
  });

  it('lets only safe protocols through', () => {
    expect(safeUrl('https://a.example')).toBe('https://a.example');
    expect(safeUrl('mailto:help@example.com')).toBe('mailto:help@example.com');
    expect(safeUrl('/relative')).toBe('/relative');
    expect(safeUrl(' javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(safeUrl('')).toBeNull();
  });
});

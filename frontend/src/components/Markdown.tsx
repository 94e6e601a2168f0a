import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkBreaks from 'remark-breaks';
import remarkGfm from 'remark-gfm';
import { safeUrl } from './markdown-url';
import './Markdown.css';

// Descriptions and comments are Markdown (SPEC 4e): CommonMark plus GitHub's
// extensions (tables, bare links, strikethrough), a line break where the
// author pressed Enter (as GitHub's comments do, so the plain text written
// before Markdown reads as it did). The text is the author's, so nothing in
// it may run or reach out:
// - react-markdown builds React elements, never innerHTML, and shows raw
//   HTML (`<script>`, `<img onerror>`) as the text it is;
// - a link's URL passes only with a safe protocol (http, https, mailto…,
//   or relative); `javascript:`, `data:` and the like lose their href;
// - links open in a new tab with rel="noopener noreferrer";
// - no image is fetched: an image becomes a link to it, so nobody's address
//   or reading time leaks to a server the author chose.

function Link({ href, children, node, ...rest }: ComponentProps<'a'> & { node?: unknown }) {
  void node;
  const url = safeUrl(href);
  if (url === null) return <span className="markdown__unsafe-link">{children}</span>;
  return (
    <a {...rest} href={url} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function Image({ src, alt }: ComponentProps<'img'> & { node?: unknown }) {
  const { t } = useTranslation();
  const url = typeof src === 'string' ? safeUrl(src) : null;
  const label = alt?.trim() || t('markdown.image');
  if (url === null) return <span className="markdown__image-link">{label}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="markdown__image-link" title={url}>
      <span aria-hidden="true">🖼 </span>
      {t('markdown.imageLink', { label })}
    </a>
  );
}

function Checkbox({ checked, type, node, ...rest }: ComponentProps<'input'> & { node?: unknown }) {
  const { t } = useTranslation();
  void node;
  if (type !== 'checkbox') return null;
  return <input {...rest} type="checkbox" checked={checked} disabled aria-label={checked ? t('markdown.taskDone') : t('markdown.taskOpen')} />;
}

function Table({ node, ...rest }: ComponentProps<'table'> & { node?: unknown }) {
  void node;
  // Wide tables scroll inside the text instead of widening the page.
  return (
    <div className="markdown__table">
      <table {...rest} />
    </div>
  );
}

// The page owns h1 and h2 (the ticket's title, "Description", "Conversation"):
// the author's headings sit below them, so the outline stays in order.
function heading(Tag: 'h3' | 'h4' | 'h5' | 'h6') {
  return function Heading({ node, ...rest }: ComponentProps<'h3'> & { node?: unknown }) {
    void node;
    return <Tag {...rest} />;
  };
}

const components: Components = {
  a: Link,
  img: Image,
  input: Checkbox,
  table: Table,
  h1: heading('h3'),
  h2: heading('h4'),
  h3: heading('h5'),
  h4: heading('h6'),
  h5: heading('h6'),
  h6: heading('h6'),
};
const plugins = [remarkGfm, remarkBreaks];

interface Props {
  /** The Markdown source, as the API returns it. */
  children: string;
  className?: string;
  testId?: string;
}

export function Markdown({ children, className, testId }: Props) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'} data-testid={testId}>
      <ReactMarkdown remarkPlugins={plugins} components={components} urlTransform={(url) => safeUrl(url) ?? ''} skipHtml={false}>
        {children}
      </ReactMarkdown>
    </div>
  );
}

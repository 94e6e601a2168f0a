import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { alice, page, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';
import { http, HttpResponse } from 'msw';
import { en } from './en';
import { es } from './es';

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, value]];
}

describe('translations', () => {
  it('Spanish has exactly the English keys, each translated to a non-empty string', () => {
    const english = new Map(leaves(en));
    const spanish = new Map(leaves(es));
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of spanish) {
      expect(typeof text === 'string' && text.trim().length > 0, key).toBe(true);
      // Interpolations must survive translation.
      const placeholders = (s: unknown) => String(s).match(/{{\w+}}/g)?.sort() ?? [];
      expect(placeholders(text), key).toEqual(placeholders(english.get(key)));
    }
  });

  it('switches the UI language from the header, remembers it and formats dates per locale', async () => {
    let acceptLanguage: string | null = null;
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/', ({ request }) => {
        acceptLanguage = request.headers.get('Accept-Language');
        return HttpResponse.json(page([]));
      }),
    );
    const { user } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Tickets' })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Language'), 'es');

    expect(await screen.findByRole('link', { name: 'Aún no hay tickets — crea uno' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cerrar sesión' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('es');
    expect(localStorage.getItem('helpdesk.language')).toBe('es');
    expect(acceptLanguage).toBe('en');
    await waitFor(() => expect(screen.getByLabelText('Idioma')).toHaveValue('es'));
  });
});

import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { server } from '@/test/server';
import { api, ApiError, getAccessToken, onSessionExpired, setAccessToken } from './api-client';

describe('api client', () => {
  it('sends the access token as a Bearer header', async () => {
    setAccessToken('abc');
    server.use(
      http.get('/api/auth/me/', ({ request }) => HttpResponse.json({ auth: request.headers.get('Authorization') })),
    );
    await expect(api.get('/api/auth/me/')).resolves.toEqual({ auth: 'Bearer abc' });
  });

  it('refreshes once for concurrent 401s and retries each request with the new token', async () => {
    setAccessToken('expired');
    let refreshCalls = 0;
    const seen: string[] = [];
    server.use(
      http.post('/api/auth/token/refresh/', async ({ request }) => {
        refreshCalls += 1;
        // The cookie does the work: the body carries no token.
        expect(await request.json()).toEqual({});
        await new Promise((resolve) => setTimeout(resolve, 20));
        return HttpResponse.json({ access: 'fresh', refresh: 'rotated' });
      }),
      http.get('/api/tickets/:id/', ({ request, params }) => {
        const auth = request.headers.get('Authorization') ?? '';
        seen.push(`${params.id}:${auth}`);
        if (auth !== 'Bearer fresh') return HttpResponse.json({ detail: 'Token expired' }, { status: 401 });
        return HttpResponse.json({ id: Number(params.id) });
      }),
    );

    const [a, b] = await Promise.all([api.get('/api/tickets/1/'), api.get('/api/tickets/2/')]);

    expect(a).toEqual({ id: 1 });
    expect(b).toEqual({ id: 2 });
    expect(refreshCalls).toBe(1);
    expect(getAccessToken()).toBe('fresh');
    expect(seen.sort()).toEqual(['1:Bearer expired', '1:Bearer fresh', '2:Bearer expired', '2:Bearer fresh']);
  });

  it('retries only once when the retried request is refused again', async () => {
    setAccessToken('expired');
    let calls = 0;
    server.use(
      http.post('/api/auth/token/refresh/', () => HttpResponse.json({ access: 'fresh' })),
      http.get('/api/tickets/', () => {
        calls += 1;
        return HttpResponse.json({ detail: 'nope' }, { status: 401 });
      }),
    );
    await expect(api.get('/api/tickets/')).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(2);
  });

  it('signs out when the refresh is refused', async () => {
    setAccessToken('expired');
    const expired = vi.fn();
    onSessionExpired(expired);
    server.use(
      http.post('/api/auth/token/refresh/', () => HttpResponse.json({ detail: 'Token is blacklisted' }, { status: 401 })),
      http.get('/api/tickets/', () => HttpResponse.json({ detail: 'expired' }, { status: 401 })),
    );

    const error = await api.get('/api/tickets/').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBeNull();
  });

  it('does not refresh for requests marked auth: false (e.g. login)', async () => {
    const refresh = vi.fn();
    server.use(
      http.post('/api/auth/token/refresh/', () => {
        refresh();
        return HttpResponse.json({ access: 'x' });
      }),
      http.post('/api/auth/login/', () => HttpResponse.json({ detail: 'No active account' }, { status: 401 })),
    );
    await expect(api.post('/api/auth/login/', { username: 'a', password: 'b' }, { auth: false })).rejects.toMatchObject({
      status: 401,
      detail: 'No active account',
    });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('normalises field errors and detail into ApiError', async () => {
    server.use(
      http.post('/api/tickets/', () =>
        HttpResponse.json(
          { title: ['Ensure this field has no more than 200 characters.'], attachment: 'Unsupported file type.', detail: 'Bad' },
          { status: 400 },
        ),
      ),
    );
    const error = (await api.post('/api/tickets/', {}).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.detail).toBe('Bad');
    expect(error.fields).toEqual({
      title: ['Ensure this field has no more than 200 characters.'],
      attachment: ['Unsupported file type.'],
    });
  });

  it('turns a non-JSON error page into an ApiError without detail', async () => {
    server.use(http.get('/api/tickets/', () => new HttpResponse('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } })));
    await expect(api.get('/api/tickets/')).rejects.toMatchObject({ status: 502, detail: null, fields: {} });
  });

  it('reports a network failure as status 0', async () => {
    server.use(http.get('/api/tickets/', () => HttpResponse.error()));
    await expect(api.get('/api/tickets/')).rejects.toMatchObject({ status: 0 });
  });

  it('builds query strings and leaves out empty values', async () => {
    let url = '';
    server.use(
      http.get('/api/tickets/', ({ request }) => {
        url = request.url;
        return HttpResponse.json({});
      }),
    );
    await api.get('/api/tickets/', { query: { page: 2, search: 'printer jam', category: null, status: '' } });
    const params = new URL(url).searchParams;
    expect(Object.fromEntries(params)).toEqual({ page: '2', search: 'printer jam' });
  });

  it('uploads FormData with the token and retries it after a refresh', async () => {
    setAccessToken('expired');
    const received: { auth: string | null; title: FormDataEntryValue | null; file: string | null }[] = [];
    server.use(
      http.post('/api/auth/token/refresh/', () => HttpResponse.json({ access: 'fresh' })),
      http.post('/api/tickets/', async ({ request }) => {
        const auth = request.headers.get('Authorization');
        const form = await request.formData();
        const file = form.get('attachment');
        received.push({
          auth,
          title: form.get('title'),
          // Node's File, not jsdom's, so check by shape. (jsdom's XHR drops the
          // file name on the way, so only the content is compared.)
          file: typeof file === 'object' && file !== null ? await file.text() : null,
        });
        if (auth !== 'Bearer fresh') return HttpResponse.json({ detail: 'expired' }, { status: 401 });
        return HttpResponse.json({ id: 7 }, { status: 201 });
      }),
    );
    const form = new FormData();
    form.append('title', 'Broken screen');
    form.append('attachment', new File(['hello'], 'note.txt', { type: 'text/plain' }));
    const progress: number[] = [];

    await expect(api.post('/api/tickets/', form, { onUploadProgress: (f) => progress.push(f) })).resolves.toEqual({ id: 7 });
    expect(progress.at(-1)).toBe(1);
    expect(received).toEqual([
      { auth: 'Bearer expired', title: 'Broken screen', file: 'hello' },
      { auth: 'Bearer fresh', title: 'Broken screen', file: 'hello' },
    ]);
  });
});

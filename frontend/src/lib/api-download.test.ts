import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { server } from '@/test/server';
import { apiDownload, ApiError, getAccessToken, onSessionExpired, setAccessToken } from './api-client';

describe('apiDownload', () => {
  it('refreshes an expired token once and retries, then names the file as the server did', async () => {
    setAccessToken('expired');
    server.use(
      http.post('/api/auth/token/refresh/', () => HttpResponse.json({ access: 'fresh' })),
      http.get('/api/tickets/export/', ({ request }) => {
        if (request.headers.get('Authorization') !== 'Bearer fresh') {
          return HttpResponse.json({ detail: 'Token expired' }, { status: 401 });
        }
        return new HttpResponse('id\r\n', {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="tickets-2026-12-07.csv"',
          },
        });
      }),
    );
    const progress: number[] = [];

    const file = await apiDownload('/api/tickets/export/', {
      query: { format: 'csv' },
      onProgress: (received) => progress.push(received),
    });

    expect(file.filename).toBe('tickets-2026-12-07.csv');
    expect(file.blob.size).toBe(4);
    expect(progress.at(-1)).toBe(4);
    expect(getAccessToken()).toBe('fresh');
  });

  it("throws the server's JSON error as an ApiError", async () => {
    setAccessToken('abc');
    server.use(
      http.get('/api/tickets/export/', () =>
        HttpResponse.json({ format: ['Choose format=csv or format=xlsx.'] }, { status: 400 }),
      ),
    );

    const failure = apiDownload('/api/tickets/export/', { query: { format: 'pdf' } });

    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ status: 400, fields: { format: ['Choose format=csv or format=xlsx.'] } });
  });

  it('signs out when the session cannot be renewed', async () => {
    setAccessToken('expired');
    const expired = vi.fn();
    onSessionExpired(expired);
    server.use(
      http.post('/api/auth/token/refresh/', () => HttpResponse.json({ detail: 'no' }, { status: 401 })),
      http.get('/api/tickets/1/pdf/', () => HttpResponse.json({ detail: 'Token expired' }, { status: 401 })),
    );

    await expect(apiDownload('/api/tickets/1/pdf/')).rejects.toMatchObject({ status: 401 });
    expect(expired).toHaveBeenCalledTimes(1);
  });
});

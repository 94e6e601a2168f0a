// The only HTTP client of the app and the only module that knows about
// tokens. The access token lives in this module's memory and nowhere else:
// a reload loses it on purpose, and the session comes back through the
// HttpOnly refresh cookie the server set at login (see refreshAccessToken).

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly detail: string | null;
  readonly fields: FieldErrors;
  /** Seconds to wait before trying again (the Retry-After of a 429 or 503), if the server said. */
  readonly retryAfter: number | null;

  constructor(status: number, detail: string | null, fields: FieldErrors = {}, retryAfter: number | null = null) {
    super(detail ?? (status === 0 ? 'Network error' : `HTTP ${status}`));
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A plain value is sent as JSON; FormData as multipart through XHR. */
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** false for endpoints that must not trigger the refresh-and-retry dance. */
  auth?: boolean;
  /** 0..1; only reported for FormData bodies (fetch has no upload progress). */
  onUploadProgress?: (fraction: number) => void;
}

interface RawResponse {
  status: number;
  data: unknown;
  retryAfter?: string | null;
}

let accessToken: string | null = null;
let refreshInFlight: Promise<string | null> | null = null;
let sessionExpiredHandler: (() => void) | null = null;
let language: string | null = null;

export function getAccessToken(): string | null {
  return accessToken;
}

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** Called once when the session cannot be renewed (the app signs out). */
export function onSessionExpired(handler: (() => void) | null): void {
  sessionExpiredHandler = handler;
}

/** Lets the server localise its error messages. */
export function setRequestLanguage(lang: string | null): void {
  language = lang;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  // Absolute URL: same origin in the browser, and resolvable under test.
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }
  return url.toString();
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!text) return null;
  if (contentType && !contentType.includes('json')) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function baseHeaders(token: string | null): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (language) headers['Accept-Language'] = language;
  return headers;
}

async function sendFetch(url: string, options: RequestOptions, token: string | null): Promise<RawResponse> {
  const headers = baseHeaders(token);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      // The refresh cookie is scoped to /api/auth/ and SameSite=Strict.
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  const text = await response.text();
  return {
    status: response.status,
    data: parseBody(text, response.headers.get('Content-Type')),
    retryAfter: response.headers.get('Retry-After'),
  };
}

// Multipart uploads go through XHR because fetch cannot report upload
// progress, and the form shows a progress bar for attachments.
function sendXhr(url: string, options: RequestOptions, token: string | null): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', url);
    for (const [name, value] of Object.entries(baseHeaders(token))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onUploadProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      resolve({
        status: xhr.status,
        data: parseBody(xhr.responseText, xhr.getResponseHeader('Content-Type')),
        retryAfter: xhr.getResponseHeader('Retry-After'),
      });
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(options.body as FormData);
  });
}

function send(url: string, options: RequestOptions, token: string | null): Promise<RawResponse> {
  return options.body instanceof FormData ? sendXhr(url, options, token) : sendFetch(url, options, token);
}

/** Retry-After in seconds; the HTTP-date form is not used by our server. */
function seconds(header: string | null | undefined): number | null {
  const value = Number(header);
  return header && Number.isFinite(value) && value >= 0 ? value : null;
}

function toApiError({ status, data, retryAfter }: RawResponse): ApiError {
  const wait = seconds(retryAfter);
  if (Array.isArray(data)) {
    return new ApiError(status, data.filter((m) => typeof m === 'string').join(' ') || null, {}, wait);
  }
  if (!data || typeof data !== 'object') return new ApiError(status, null, {}, wait);
  let detail: string | null = null;
  const fields: FieldErrors = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'detail') {
      if (typeof value === 'string') detail = value;
      continue;
    }
    if (typeof value === 'string') {
      fields[key] = [value];
    } else if (Array.isArray(value)) {
      const messages = value.filter((m): m is string => typeof m === 'string');
      if (messages.length) fields[key] = messages;
    }
  }
  return new ApiError(status, detail, fields, wait);
}

/**
 * Exchanges the HttpOnly refresh cookie for a new access token. Concurrent
 * callers share one request: rotation revokes a refresh token once used, so
 * two parallel refreshes would make the second one fail and sign the user out.
 * Resolves to null when the server refuses (no session); throws ApiError(0)
 * when the network is down, which must not be mistaken for a sign-out.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshInFlight ??= (async () => {
    const response = await sendFetch(buildUrl('/api/auth/token/refresh/'), { method: 'POST', body: {} }, null);
    const access = (response.data as { access?: unknown } | null)?.access;
    if (response.status === 200 && typeof access === 'string') {
      accessToken = access;
      return access;
    }
    accessToken = null;
    return null;
  })().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

function expireSession(): void {
  accessToken = null;
  sessionExpiredHandler?.();
}

/** Seconds since the epoch at which a JWT expires, or null if unreadable. */
function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

/**
 * An access token valid for at least `minValiditySeconds` more, refreshing
 * it (through the shared refresh) when the current one is missing, about to
 * expire or `force` is set (after the server refused it). For channels that cannot use the 401-and-retry
 * dance, such as the realtime socket. Resolves to null and signs out when
 * the server refuses the refresh; throws ApiError(0) when the network is down.
 */
export async function getFreshAccessToken(minValiditySeconds = 60, force = false): Promise<string | null> {
  const current = accessToken;
  if (current && !force) {
    const exp = tokenExpiry(current);
    // An unreadable token is passed on as is: the server will say if it is bad.
    if (exp === null || exp - Date.now() / 1000 > minValiditySeconds) return current;
  }
  const renewed = await refreshAccessToken();
  if (!renewed) expireSession();
  return renewed;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = buildUrl(path, options.query);
  const useAuth = options.auth !== false;
  const sentWith = useAuth ? accessToken : null;
  let response = await send(url, options, sentWith);

  if (response.status === 401 && useAuth) {
    // Another request may already have renewed the token while this one was
    // in flight; then reuse it instead of spending another refresh.
    const renewed = accessToken && accessToken !== sentWith ? accessToken : await refreshAccessToken();
    if (!renewed) {
      expireSession();
      throw toApiError(response);
    }
    response = await send(url, options, renewed);
  }

  if (response.status < 200 || response.status >= 300) throw toApiError(response);
  return response.data as T;
}

export interface DownloadOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Bytes received so far, and the total when the server said (null when streamed). */
  onProgress?: (received: number, total: number | null) => void;
}

export interface Download {
  blob: Blob;
  /** From Content-Disposition; null when the server gave none. */
  filename: string | null;
}

function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // fall through to the plain form
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

async function fetchFile(url: string, options: DownloadOptions, token: string | null): Promise<Response> {
  const headers = baseHeaders(token);
  headers.Accept = '*/*';
  try {
    return await fetch(url, { headers, signal: options.signal, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
}

async function readBody(response: Response, options: DownloadOptions): Promise<Blob> {
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body || !options.onProgress) return response.blob();
  const reader = response.body.getReader();
  const parts: BlobPart[] = [];
  let received = 0;
  options.onProgress(0, total);
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
    try {
      result = await reader.read();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, null);
    }
    if (result.done) break;
    parts.push(result.value);
    received += result.value.byteLength;
    options.onProgress(received, total);
  }
  return new Blob(parts, { type });
}

/**
 * A file from the API (an export, a PDF) as a Blob, with the same bearer
 * token and refresh-and-retry as every other request. Errors come back as
 * the API's JSON and are thrown as ApiError.
 */
export async function apiDownload(path: string, options: DownloadOptions = {}): Promise<Download> {
  const url = buildUrl(path, options.query);
  const sentWith = accessToken;
  let response = await fetchFile(url, options, sentWith);
  if (response.status === 401) {
    const renewed = accessToken && accessToken !== sentWith ? accessToken : await refreshAccessToken();
    if (!renewed) {
      expireSession();
      throw await errorOf(response);
    }
    response = await fetchFile(url, options, renewed);
  }
  if (!response.ok) throw await errorOf(response);
  const blob = await readBody(response, options);
  return { blob, filename: dispositionFilename(response.headers.get('Content-Disposition')) };
}

async function errorOf(response: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the body is lost; the status still says what happened
  }
  return toApiError({
    status: response.status,
    data: parseBody(text, response.headers.get('Content-Type')),
    retryAfter: response.headers.get('Retry-After'),
  });
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T = void>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};

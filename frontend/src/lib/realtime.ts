// The realtime socket of SPEC 4d, independent of React: one connection to
// /ws/ that authenticates with its first message, re-authenticates before the
// access token expires, pings to notice dead connections and reconnects with
// exponential backoff and jitter. Tokens come from the api-client, the only
// module that knows them; this one only passes them on.

export type RealtimeStatus =
  /** Not started, or stopped. */
  | 'idle'
  /** First connection attempt (never connected yet). */
  | 'connecting'
  /** Authenticated and receiving events. */
  | 'online'
  /** Was online, lost the connection, trying again. */
  | 'offline';

export interface RealtimeEvent {
  type: string;
  [key: string]: unknown;
}

export interface RealtimeOptions {
  /** An access token to authenticate with; `force` asks for a new one. Null means signed out. */
  getToken: (force: boolean) => Promise<string | null>;
  onEvent: (event: RealtimeEvent) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /** Called after a reconnection has authenticated (not after the first connection). */
  onReconnect?: () => void;
  url?: string;
  /** First retry delay; doubles up to maxDelayMs, each with ±50 % jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  pingIntervalMs?: number;
  /** How long to wait for any message after a ping before giving up on the socket. */
  pongTimeoutMs?: number;
  /** How often to send a fresh token on an open socket (the access token lives 15 minutes). */
  reauthIntervalMs?: number;
  random?: () => number;
}

/** What a feature does with the events: the part of the options that is not transport. */
export type RealtimeHandlers = Pick<RealtimeOptions, 'onEvent' | 'onReconnect'>;

const CLOSE_NORMAL = 1000;
/** The server's codes: no auth message in time, bad or expired token. */
export const CLOSE_AUTH_TIMEOUT = 4401;
export const CLOSE_AUTH_INVALID = 4403;

export function realtimeUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/`;
}

/** Delay before retry number `attempt` (0-based): base·2^attempt capped at max, ±50 % jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(nominal * (0.5 + random()));
}

export class RealtimeConnection {
  private readonly options: Required<Omit<RealtimeOptions, 'onStatus' | 'onReconnect'>> &
    Pick<RealtimeOptions, 'onStatus' | 'onReconnect'>;
  private socket: WebSocket | null = null;
  private running = false;
  private status: RealtimeStatus = 'idle';
  private attempt = 0;
  private everOnline = false;
  private forceRefresh = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private reauthTimer: ReturnType<typeof setInterval> | null = null;
  /** Bumped on every new socket so that late callbacks of an old one are ignored. */
  private generation = 0;

  constructor(options: RealtimeOptions) {
    this.options = {
      url: options.url ?? realtimeUrl(),
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      pingIntervalMs: 25_000,
      pongTimeoutMs: 10_000,
      reauthIntervalMs: 5 * 60_000,
      random: Math.random,
      ...options,
    };
  }

  get currentStatus(): RealtimeStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.everOnline = false;
    this.attempt = 0;
    this.setStatus('connecting');
    window.addEventListener('online', this.handleOnline);
    this.connect();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    window.removeEventListener('online', this.handleOnline);
    this.generation++;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED && socket.readyState !== WebSocket.CLOSING) {
      socket.close(CLOSE_NORMAL);
    }
    this.setStatus('idle');
  }

  /** Back online: do not wait for the rest of the backoff. */
  private readonly handleOnline = () => {
    if (this.running && this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.connect();
    }
  };

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    if (this.pongTimer !== null) clearTimeout(this.pongTimer);
    if (this.reauthTimer !== null) clearInterval(this.reauthTimer);
    this.retryTimer = this.pingTimer = this.pongTimer = this.reauthTimer = null;
  }

  private send(message: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private connect(): void {
    if (!this.running) return;
    const generation = ++this.generation;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (generation !== this.generation) return;
      void this.authenticate(generation);
    };
    socket.onmessage = (message: MessageEvent) => {
      if (generation !== this.generation) return;
      this.handleMessage(message.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (generation !== this.generation) return;
      this.dropped(event.code);
    };
    // An error is always followed by a close event.
    socket.onerror = () => undefined;
  }

  private async authenticate(generation: number): Promise<void> {
    let token: string | null;
    try {
      token = await this.options.getToken(this.forceRefresh);
    } catch {
      // Network down: treat like a lost connection.
      if (generation === this.generation) this.abandon();
      return;
    }
    if (generation !== this.generation) return;
    if (!token) {
      // Signed out: the app will stop us; do not hammer the server meanwhile.
      this.abandon();
      return;
    }
    this.forceRefresh = false;
    this.send({ type: 'auth', token });
  }

  private handleMessage(data: unknown): void {
    if (this.pongTimer !== null) {
      clearTimeout(this.pongTimer);
      this.pongTimer = null;
    }
    let event: RealtimeEvent;
    try {
      const parsed = JSON.parse(String(data)) as unknown;
      if (!parsed || typeof parsed !== 'object' || typeof (parsed as { type?: unknown }).type !== 'string') return;
      event = parsed as RealtimeEvent;
    } catch {
      return;
    }
    if (event.type === 'pong') return;
    if (event.type === 'auth.ok') {
      this.authenticated();
      return;
    }
    this.options.onEvent(event);
  }

  private authenticated(): void {
    if (this.status === 'online') return; // A re-authentication on an open socket.
    const reconnected = this.everOnline;
    this.everOnline = true;
    this.attempt = 0;
    this.setStatus('online');
    this.pingTimer = setInterval(() => this.ping(), this.options.pingIntervalMs);
    this.reauthTimer = setInterval(() => void this.authenticate(this.generation), this.options.reauthIntervalMs);
    if (reconnected) this.options.onReconnect?.();
  }

  private ping(): void {
    this.send({ type: 'ping' });
    if (this.pongTimer === null) {
      this.pongTimer = setTimeout(() => {
        this.pongTimer = null;
        this.abandon();
      }, this.options.pongTimeoutMs);
    }
  }

  /** Gives up on the current socket (dead, or no token) and schedules a retry. */
  private abandon(): void {
    const socket = this.socket;
    this.generation++;
    this.socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED && socket.readyState !== WebSocket.CLOSING) socket.close(CLOSE_NORMAL);
    this.dropped(null);
  }

  private dropped(code: number | null): void {
    this.socket = null;
    if (code === CLOSE_AUTH_INVALID || code === CLOSE_AUTH_TIMEOUT) this.forceRefresh = true;
    this.clearTimers();
    if (!this.running) return;
    if (this.everOnline) this.setStatus('offline');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random);
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }
}

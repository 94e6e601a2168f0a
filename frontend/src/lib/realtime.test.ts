import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket, installFakeWebSocket } from '@/test/fake-websocket';
import { backoffDelay, CLOSE_AUTH_INVALID, RealtimeConnection, realtimeUrl, type RealtimeOptions, type RealtimeStatus } from './realtime';

function setup(overrides: Partial<RealtimeOptions> = {}) {
  const statuses: RealtimeStatus[] = [];
  const events: unknown[] = [];
  let tokenNumber = 0;
  const getToken = vi.fn((force: boolean) => {
    void force;
    tokenNumber++;
    return Promise.resolve(`token-${tokenNumber}`);
  });
  const onReconnect = vi.fn();
  const connection = new RealtimeConnection({
    url: 'ws://example.test/ws/',
    getToken,
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    onReconnect,
    // No jitter: every delay is exactly its nominal value.
    random: () => 0.5,
    ...overrides,
  });
  return { connection, statuses, events, getToken, onReconnect };
}

/** Opens the latest socket and lets the client send its auth message. */
async function openLatest() {
  FakeWebSocket.latest.open();
  await vi.advanceTimersByTimeAsync(0);
  return FakeWebSocket.latest;
}

async function connectAndAuthenticate() {
  const socket = await openLatest();
  socket.receive({ type: 'auth.ok', user: { id: 2, isAdmin: false } });
  return socket;
}

describe('RealtimeConnection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    installFakeWebSocket();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('authenticates with its first message and then delivers events', async () => {
    const { connection, statuses, events } = setup();
    connection.start();
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(FakeWebSocket.latest.url).toBe('ws://example.test/ws/');
    expect(statuses).toEqual(['connecting']);

    const socket = await openLatest();
    expect(socket.messages).toEqual([{ type: 'auth', token: 'token-1' }]);

    socket.receive({ type: 'auth.ok', user: { id: 2, isAdmin: false } });
    expect(statuses).toEqual(['connecting', 'online']);

    socket.receive({ type: 'ticket.updated', ticket: { id: 7 } });
    socket.receive({ type: 'pong' });
    socket.receive('not an event');
    expect(events).toEqual([{ type: 'ticket.updated', ticket: { id: 7 } }]);
    connection.stop();
    expect(socket.closedWith).toBe(1000);
    expect(statuses.at(-1)).toBe('idle');
  });

  it('reconnects with exponential backoff and authenticates again', async () => {
    const { connection, statuses, getToken, onReconnect } = setup();
    connection.start();
    const first = await connectAndAuthenticate();
    expect(onReconnect).not.toHaveBeenCalled();

    first.drop();
    expect(statuses.at(-1)).toBe('offline');

    // First retry after 500 ms.
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(2);

    // That attempt fails before opening: the next waits 1 s, then 2 s.
    FakeWebSocket.latest.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeWebSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(3);
    FakeWebSocket.latest.drop();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeWebSocket.instances).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(4);
    expect(statuses.at(-1)).toBe('offline');

    const fourth = await openLatest();
    expect(fourth.messages).toEqual([{ type: 'auth', token: 'token-2' }]);
    expect(getToken).toHaveBeenLastCalledWith(false);
    fourth.receive({ type: 'auth.ok', user: { id: 2, isAdmin: false } });
    expect(statuses.at(-1)).toBe('online');
    expect(onReconnect).toHaveBeenCalledTimes(1);

    // Authenticated again: the backoff starts over at 500 ms.
    fourth.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(5);
    connection.stop();
  });

  it('asks for a fresh token after the server refused the old one', async () => {
    const { connection, getToken } = setup();
    connection.start();
    const socket = await connectAndAuthenticate();
    socket.drop(CLOSE_AUTH_INVALID);
    await vi.advanceTimersByTimeAsync(500);
    await openLatest();
    expect(getToken).toHaveBeenLastCalledWith(true);
    connection.stop();
  });

  it('pings every 25 s and reconnects when nothing answers', async () => {
    const { connection } = setup();
    connection.start();
    const socket = await connectAndAuthenticate();

    await vi.advanceTimersByTimeAsync(25_000);
    expect(socket.messages.at(-1)).toEqual({ type: 'ping' });
    socket.receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(25_000);
    expect(socket.messages.filter((m) => m.type === 'ping')).toHaveLength(2);

    // No pong within 10 s: the socket is given up and a new one opened.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket.closedWith).toBe(1000);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(2);
    connection.stop();
  });

  it('re-authenticates an open socket with a fresh token before the old one expires', async () => {
    // (No pings here: this fake server would not answer them.)
    const { connection, statuses } = setup({ pingIntervalMs: 3_600_000 });
    connection.start();
    const socket = await connectAndAuthenticate();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(socket.messages.filter((m) => m.type === 'auth')).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'auth', token: 'token-2' },
    ]);
    socket.receive({ type: 'auth.ok', user: { id: 2, isAdmin: false } });
    expect(statuses).toEqual(['connecting', 'online']);
    expect(FakeWebSocket.instances).toHaveLength(1);
    connection.stop();
  });

  it('does not reconnect once stopped', async () => {
    const { connection } = setup();
    connection.start();
    const socket = await connectAndAuthenticate();
    connection.stop();
    socket.drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('retries later when signed out instead of sending no token', async () => {
    const { connection } = setup({ getToken: () => Promise.resolve(null) });
    connection.start();
    const socket = await openLatest();
    expect(socket.sent).toEqual([]);
    expect(socket.closedWith).toBe(1000);
    connection.stop();
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with ±50 % jitter', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 500, 30_000, () => 0.5))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(30_000);
    expect(backoffDelay(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 30_000, () => 0.999999)).toBe(750);
  });
});

describe('realtimeUrl', () => {
  it('follows the page: ws on http, wss on https', () => {
    expect(realtimeUrl({ protocol: 'http:', host: 'localhost:8000' })).toBe('ws://localhost:8000/ws/');
    expect(realtimeUrl({ protocol: 'https:', host: 'help.example.com' })).toBe('wss://help.example.com/ws/');
  });
});

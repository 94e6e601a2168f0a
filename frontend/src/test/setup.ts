import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
// The form pages' libraries, loaded once per file up front: otherwise the
// first lazy form route of a file pays for them inside a test's time.
import '@hookform/resolvers/zod';
import 'react-hook-form';
import 'zod';
import i18n from '@/lib/i18n';
import { onSessionExpired, setAccessToken } from '@/lib/api-client';
import { installFakeWebSocket } from './fake-websocket';
import { SERVER_CONFIG } from './fixtures';
import { server } from './server';

// The first render of a file loads its lazy pages; on a busy CI machine that
// alone can take over Testing Library's default second.
configure({ asyncUtilTimeout: 3000 });
// What Django injects into index.html (helpdesk/core/views.py): the server's
// limits, which the app reads instead of keeping its own copy.
const config = document.createElement('script');
config.id = 'app-config';
config.type = 'application/json';
config.textContent = JSON.stringify(SERVER_CONFIG);
document.head.appendChild(config);

beforeAll(() => {
  // jsdom has no layout; React Router's ScrollRestoration calls this.
  window.scrollTo = () => undefined;
  server.listen({ onUnhandledRequest: 'error' });
});

// Signed-in pages open the live-updates socket; jsdom has no server for it.
beforeEach(() => {
  installFakeWebSocket();
});

afterEach(async () => {
  cleanup();
  server.resetHandlers();
  setAccessToken(null);
  onSessionExpired(null);
  localStorage.clear();
  delete document.documentElement.dataset.theme;
  await i18n.changeLanguage('en');
});

afterAll(() => {
  server.close();
});

import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { staffDirectory } from './fixtures';

// Each test declares the API responses it relies on with server.use(...);
// an unexpected request fails the test (onUnhandledRequest: 'error'). The
// only defaults are what every detail page loads beside its ticket: an empty
// conversation and activity, the staff directory for staff controls, and
// no similar tickets while a create form's title is typed.
export const server = setupServer(
  http.get('/api/tickets/similar/', () => HttpResponse.json([])),
  http.get('/api/tickets/:id/comments/', () => HttpResponse.json([])),
  http.get('/api/tickets/:id/activity/', () => HttpResponse.json([])),
  http.get('/api/users/', () => HttpResponse.json({ count: staffDirectory.length, next: null, previous: null, results: staffDirectory })),
);

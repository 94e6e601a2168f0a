import { setupServer } from 'msw/node';

// Each test declares the API responses it relies on with server.use(...);
// an unexpected request fails the test (onUnhandledRequest: 'error').
export const server = setupServer();

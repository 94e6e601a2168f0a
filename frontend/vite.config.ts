/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = 'http://127.0.0.1:8000';

export default defineConfig(({ command }) => ({
  // Django (WhiteNoise) serves frontend/dist as its static root, so every
  // asset URL the build emits must live under /static/. The dev server keeps
  // '/' so that SPA routes work at the same paths as in production.
  base: command === 'build' ? '/static/' : '/',
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Small assets would otherwise become data: URIs, which a strict CSP
    // (img-src/font-src 'self') refuses; serve every asset as a file.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/admin': { target: backend, changeOrigin: false },
      // The realtime socket (SPEC 4d).
      '/ws': { target: backend, changeOrigin: false, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    // Typing a 200-character title takes seconds on a CI machine shared by
    // several jobs; the default 5 s made such tests fail by the clock alone.
    testTimeout: 15_000,
    include: ['src/**/*.test.{ts,tsx}'],
  },
}));

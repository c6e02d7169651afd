import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The built SPA is served by the Fastify server at `/` (API same-origin under /api/v1).
// `npm run dev -w web` proxies the API to a server started with `npm run demo` (PORT 3000).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: {
      '/api': process.env.SANXIANG_API ?? 'http://127.0.0.1:3000',
      '/healthz': process.env.SANXIANG_API ?? 'http://127.0.0.1:3000',
    },
  },
});

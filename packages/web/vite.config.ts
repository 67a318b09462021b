// Vite builds the console into dist/ (a manifest lets build/build.ts measure what the sign-in page
// loads); the dev server proxies /api to a running `cancuoc start` (docs/web.md).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/api': process.env.CANCUOC_API ?? 'http://127.0.0.1:8080' },
  },
});

/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import { precompress } from './scripts/precompress.ts'

// `base: './'` keeps the static build portable: it runs from any folder of any static host.
// `vite build --ssr src/node/main.ts` compiles the Node server (`npm start`) to dist-server/main.js:
// plain JavaScript that node runs without a TypeScript loader; npm packages stay external.
export default defineConfig(({ isSsrBuild }) => ({
  base: './',
  plugins: isSsrBuild ? [] : [react(), tailwindcss(), precompress()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: isSsrBuild
    ? { target: 'node20', outDir: 'dist-server', copyPublicDir: false, sourcemap: true }
    : { target: 'es2022', sourcemap: false },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
}))

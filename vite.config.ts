/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'

/** The server's endpoint suites: every request they send goes through an adapter (see test-utils). */
const endpointSuites = [
  'src/server/endpoints/**/*.test.ts',
  'src/server/grants/**/*.test.ts',
  'src/server/*.test.ts',
]

// `base: './'` keeps the static build portable: it runs from any folder of any static host.
export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: { target: 'es2022', sourcemap: false },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    // Every endpoint suite runs twice: in-process, and over a socket through the Node HTTP adapter.
    projects: [
      {
        extends: true,
        test: { name: 'in-process', include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'node-adapter',
          include: endpointSuites,
          env: { GRANTSCOPE_TEST_ADAPTER: 'node' },
          setupFiles: ['src/node/adapter-test-setup.ts'],
        },
      },
    ],
  },
})

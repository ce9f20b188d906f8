/// <reference types="vitest/config" />
import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig, type Plugin } from 'vite'
import { precompress } from './scripts/precompress.ts'

const serviceWorkerEntry = 'src/sw/service-worker.ts'

/**
 * Builds `src/sw/service-worker.ts` to `dist/sw.js` and writes into it the list of every file of
 * this build (the precache) and a version derived from their contents, so each new build is a new
 * worker with a new cache. The file names are relative, like the rest of the portable build.
 */
function serviceWorker(): Plugin {
  let publicDir = ''
  return {
    name: 'grantscope-service-worker',
    apply: 'build',
    // After Vite's own build plugins, so index.html is in the bundle by then.
    enforce: 'post',
    config: () => ({
      build: {
        rolldownOptions: {
          // Added to the build's own inputs (the app's pages).
          input: { sw: serviceWorkerEntry },
          output: {
            entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
          },
        },
      },
    }),
    configResolved: (config) => {
      publicDir = config.publicDir
    },
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js']
      if (sw?.type !== 'chunk') throw new Error('sw.js was not built')
      if (!('index.html' in bundle)) throw new Error('index.html is not in the bundle yet')
      const publicFiles = publicDir ? readdirSync(publicDir, { recursive: true, withFileTypes: true }) : []
      const files = [
        ...Object.keys(bundle).filter((name) => name !== 'sw.js' && !name.endsWith('.map')),
        ...publicFiles
          .filter((f) => f.isFile())
          .map((f) => `${f.parentPath.slice(publicDir.length + 1)}/${f.name}`.replace(/^\//, '')),
      ].sort()
      const hash = createHash('sha256')
      for (const name of files) {
        const item = bundle[name]
        hash.update(name)
        if (item) hash.update(item.type === 'chunk' ? item.code : item.source)
      }
      const replace = (code: string, placeholder: string, value: string) => {
        const pattern = new RegExp(`(["'\`])${placeholder}\\1`)
        if (!pattern.test(code)) throw new Error(`${placeholder} is missing from sw.js`)
        return code.replace(pattern, JSON.stringify(value))
      }
      sw.code = replace(
        replace(sw.code, '__GRANTSCOPE_PRECACHE__', JSON.stringify(files)),
        '__GRANTSCOPE_VERSION__',
        hash.digest('hex').slice(0, 16),
      )
    },
  }
}

/**
 * The runner's code in a few chunks instead of twenty: the flows' shared steps and client code with
 * xstate and oauth4webapi, and the small protocol helpers they share with the in-page server. Each
 * chunk is a request (six at a time over HTTP/1.1) and a preload link. Nothing here is in the first
 * screen's own graph (catalogue, lanes and the lesson list stay with it); each flow's machine, the
 * attack lessons and the provider mode keep chunks of their own.
 */
const runnerChunks = [
  {
    name: 'flows',
    test: /\/src\/(flows\/(?!catalogue\.ts$|lanes\.ts$|lessons\/|provider\/)(?!.*-machine\.ts$)|protocol\/(base64url|pkce|trace)\.ts$)|\/node_modules\/(xstate|oauth4webapi)\//,
  },
]

/** The server's endpoint suites: every request they send goes through an adapter (see test-utils). */
const endpointSuites = [
  'src/server/endpoints/**/*.test.ts',
  'src/server/grants/**/*.test.ts',
  'src/server/*.test.ts',
]

// `base: './'` keeps the static build portable: it runs from any folder of any static host.
// `vite build --ssr src/node/main.ts` compiles the Node server (`npm start`) to dist-server/main.js:
// plain JavaScript that node runs without a TypeScript loader; npm packages stay external.
export default defineConfig(({ isSsrBuild }) => ({
  base: './',
  plugins: isSsrBuild ? [] : [react(), tailwindcss(), serviceWorker(), precompress()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: isSsrBuild
    ? { target: 'node20', outDir: 'dist-server', copyPublicDir: false, sourcemap: true }
    : {
        target: 'es2022',
        sourcemap: false,
        // A lazy chunk's own imports are fetched by the browser's module loader as it reads the
        // chunk, not announced ahead as <link rel=modulepreload> elements: on a throttled phone,
        // Vite's helper spent ~60 ms on the main thread adding the runner's, right after the first
        // paint. The page's own preloads stay in index.html; stylesheets are still loaded by the helper.
        modulePreload: {
          resolveDependencies: (_file, deps, { hostType }) =>
            hostType === 'html' ? deps : deps.filter((dep) => dep.endsWith('.css')),
        },
        // The redirect URI is a real page of the build (callback/index.html), so it works on static
        // hosts without an SPA fallback.
        rolldownOptions: {
          input: {
            main: fileURLToPath(new URL('./index.html', import.meta.url)),
            callback: fileURLToPath(new URL('./callback/index.html', import.meta.url)),
          },
          output: { codeSplitting: { includeDependenciesRecursively: false, groups: runnerChunks } },
        },
      },
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
}))

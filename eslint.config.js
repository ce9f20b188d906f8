// @ts-check
import { readdirSync } from 'node:fs'
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// Layer rules (DESIGN.md): protocol <- server, protocol <- flows, {protocol, flows, components} <- features <- app.
// In flat config a later no-restricted-imports entry replaces an earlier one, so each layer has one complete list.
const noUi = {
  group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@/features/*', '@/components/*', '@/app/*'],
  message: 'This layer runs without React (Node tests, the server adapters).',
}
const noNode = { group: ['@/node/*', 'node:*'], message: 'Browser code must not import the Node side.' }
const layer = (files, ...patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })

// The same direction on resolved paths, so a relative `../server/…` cannot bypass it.
const ui = ['./src/features', './src/components', './src/app']
const features = readdirSync('src/features', { withFileTypes: true }).filter((d) => d.isDirectory())
const zones = [
  {
    target: './src/protocol',
    from: ['./src/server', './src/flows', './src/node', ...ui],
    message: 'protocol is the leaf layer.',
  },
  {
    target: './src/server',
    from: ['./src/flows', './src/node', ...ui],
    message: 'The server must not know the clients.',
  },
  {
    target: './src/flows',
    from: ['./src/server', './src/node', ...ui],
    message: 'Clients must not know the server; inject a Transport.',
  },
  {
    target: './src/components',
    from: ['./src/features', './src/app', './src/server', './src/node'],
    message: 'Shared UI does not know features, the shell or the server.',
  },
  {
    target: './src/features',
    from: ['./src/app', './src/server', './src/node'],
    message: 'Features do not import the shell or the server.',
  },
  ...features.map((f) => ({
    target: `./src/features/${f.name}`,
    from: './src/features',
    except: [`./${f.name}`],
    message: 'Features do not import each other; shared UI lives in src/components.',
  })),
  { target: './src/app', from: './src/node', message: 'Browser code must not import the Node side.' },
]

export default tseslint.config(
  { ignores: ['dist', 'dist-server', 'node_modules', 'test-results', 'playwright-report', 'bench-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/only-throw-error': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (CONVENTIONS.md).' },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.config.{ts,js}', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use-*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  layer(['src/protocol/**'], noUi, noNode, {
    group: ['xstate', '@/flows/*', '@/server/*'],
    message: 'protocol is the leaf layer.',
  }),
  layer(['src/server/**'], noUi, noNode, {
    group: ['xstate', '@/flows/*'],
    message: 'The server must not know the clients.',
  }),
  layer(['src/flows/**'], noUi, noNode, {
    group: ['@/server/*'],
    message: 'Clients must not know the server; inject a Transport.',
  }),
  layer(['src/components/**'], noNode, {
    group: ['@/features/*', '@/app/*', '@/server/*'],
    message: 'Shared UI does not know features, the shell or the server.',
  }),
  layer(['src/features/**'], noNode, {
    group: ['@/app/*', '@/server/*', '@/features/*'],
    message: 'Features do not import each other, the shell or the server; shared UI lives in src/components.',
  }),
  layer(['src/app/**'], noNode),
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/**/*test-utils.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
  },
  // Tests may reach across layers to wire a server behind a transport.
  { files: ['src/**/*.test.{ts,tsx}', 'src/**/*test-utils.ts'], rules: { 'no-restricted-imports': 'off' } },
)

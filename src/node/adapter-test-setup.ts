import { afterAll } from 'vitest'
import { stopNodeAdapterHarness } from './adapter-test-utils.ts'

// The endpoint suites' "node-adapter" project: one HTTP harness per test file, stopped at its end.
afterAll(stopNodeAdapterHarness)

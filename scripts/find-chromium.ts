import { existsSync } from 'node:fs'

/**
 * Where a system Chromium may live, in the order we look. `CHROMIUM_PATH` wins when set.
 * `.ci/run` keeps the same list in bash: change both together.
 */
export const chromiumCandidates: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
]

/**
 * The system Chromium to launch, or undefined to let Playwright use its own downloaded browser
 * (developers' laptops). Playwright cannot download browsers on the project's CI machines.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['CHROMIUM_PATH']
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`)
    return fromEnv
  }
  return chromiumCandidates.find((path) => existsSync(path))
}

/**
 * Launch flags for headless Chromium on the CI machines: root needs `--no-sandbox`, and without the
 * background-networking flags Chromium keeps dialling Google services on a closed network.
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { formatBytes, heading, printTable } from './bench-stats.ts'

/** First-screen budget (gzip -9 of every eagerly loaded local file). */
export const payloadBudgetBytes = 153_600
/** authlete/oauth-playground, the lightest comparable peer (performance-anchors.md). */
export const payloadPeerAnchorBytes = 121_869

export interface FileSize {
  readonly file: string
  readonly kind: 'script' | 'stylesheet' | 'modulepreload' | 'lazy'
  readonly rawBytes: number
  readonly gzipBytes: number
}

export interface PayloadResult {
  readonly eager: readonly FileSize[]
  readonly totalRawBytes: number
  readonly totalGzipBytes: number
  readonly budgetBytes: number
  readonly peerAnchorBytes: number
  readonly withinBudget: boolean
  readonly lazy: readonly FileSize[]
  readonly lazyGzipBytes: number
}

/** Runs `vite build` and the server build in `root` (as `npm run build`); throws when one fails. */
export function viteBuild(root: string): void {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  for (const args of [['build'], ['build', '--ssr', 'src/node/main.ts']]) {
    console.log(`$ vite ${args.join(' ')}`)
    const result = spawnSync(process.execPath, [vite, ...args], { cwd: root, stdio: 'inherit' })
    if (result.status !== 0)
      throw new Error(`vite ${args.join(' ')} failed (exit ${String(result.status ?? result.signal)})`)
  }
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const match of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = match[1]
    if (name !== undefined) found.set(name.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '')
  }
  return found
}

/** Local files `index.html` loads before first paint: scripts, stylesheets and module preloads. */
export function eagerAssets(indexHtml: string): { url: string; kind: FileSize['kind'] }[] {
  const assets: { url: string; kind: FileSize['kind'] }[] = []
  for (const [tag = ''] of indexHtml.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const attrs = attributes(tag.replace(/^<\w+/, '').replace(/\/?>$/, ''))
    if (/^<script/i.test(tag)) {
      const src = attrs.get('src')
      if (src) assets.push({ url: src, kind: 'script' })
      continue
    }
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/)
    const href = attrs.get('href')
    if (!href) continue
    if (rel.includes('stylesheet')) assets.push({ url: href, kind: 'stylesheet' })
    else if (rel.includes('modulepreload')) assets.push({ url: href, kind: 'modulepreload' })
  }
  const isLocal = (url: string): boolean => !/^(?:[a-z][a-z\d+.-]*:|\/\/)/i.test(url)
  return assets.filter((asset) => isLocal(asset.url))
}

function sizeOf(distDir: string, file: string, kind: FileSize['kind']): FileSize {
  const content = readFileSync(join(distDir, file))
  return { file, kind, rawBytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length }
}

/** Measures the first-screen payload of the build in `distDir`. */
export function measurePayload(distDir: string): PayloadResult {
  const indexHtml = readFileSync(join(distDir, 'index.html'), 'utf8')
  const seen = new Set<string>()
  const eager: FileSize[] = []
  for (const asset of eagerAssets(indexHtml)) {
    const path = decodeURI(asset.url.split(/[?#]/)[0] ?? '').replace(/^\.?\//, '')
    const file = relative(distDir, resolve(distDir, path))
    if (seen.has(file)) continue
    seen.add(file)
    if (!existsSync(join(distDir, file)))
      throw new Error(`index.html references ${asset.url}, which is not in dist/`)
    eager.push(sizeOf(distDir, file, asset.kind))
  }
  const assetsDir = join(distDir, 'assets')
  const lazy = (existsSync(assetsDir) ? readdirSync(assetsDir) : [])
    .filter((name) => name.endsWith('.js'))
    .map((name) => join('assets', name))
    .filter((file) => !seen.has(file))
    .map((file) => sizeOf(distDir, file, 'lazy'))
    .sort((a, b) => b.gzipBytes - a.gzipBytes)
  const totalRawBytes = eager.reduce((sum, f) => sum + f.rawBytes, 0)
  const totalGzipBytes = eager.reduce((sum, f) => sum + f.gzipBytes, 0)
  return {
    eager,
    totalRawBytes,
    totalGzipBytes,
    budgetBytes: payloadBudgetBytes,
    peerAnchorBytes: payloadPeerAnchorBytes,
    withinBudget: totalGzipBytes <= payloadBudgetBytes,
    lazy,
    lazyGzipBytes: lazy.reduce((sum, f) => sum + f.gzipBytes, 0),
  }
}

export function printPayload(result: PayloadResult): void {
  heading('First-screen payload (index.html: scripts, stylesheets, modulepreloads; gzip -9)')
  const pct = (n: number, of: number): string => `${((n / of) * 100).toFixed(1)} %`
  printTable(
    ['file', 'kind', '>raw', '>gzip -9'],
    [
      ...result.eager.map((f) => [f.file, f.kind, formatBytes(f.rawBytes), formatBytes(f.gzipBytes)]),
      ['TOTAL (eager)', '', formatBytes(result.totalRawBytes), formatBytes(result.totalGzipBytes)],
    ],
  )
  console.log(
    `\nbudget ${formatBytes(result.budgetBytes)} gzip: ${result.withinBudget ? 'OK' : 'EXCEEDED'} ` +
      `(${pct(result.totalGzipBytes, result.budgetBytes)} of budget); ` +
      `peer anchor ${formatBytes(result.peerAnchorBytes)} (authlete/oauth-playground): ` +
      `${pct(result.totalGzipBytes, result.peerAnchorBytes)} of it`,
  )
  if (result.lazy.length === 0) {
    console.log('\nlazily loaded chunks: none')
    return
  }
  console.log(
    `\nlazily loaded chunks (${result.lazy.length}, ${formatBytes(result.lazyGzipBytes)} gzip in all):\n`,
  )
  printTable(
    ['file', '>raw', '>gzip -9'],
    result.lazy.map((f) => [f.file, formatBytes(f.rawBytes), formatBytes(f.gzipBytes)]),
  )
}

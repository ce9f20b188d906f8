import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.webmanifest'])

/**
 * Writes `file.br` (brotli, quality 11) and `file.gz` (gzip -9) beside every text file of the
 * build, once, at build time: `npm start` serves them as they are, and static hosts that look for
 * precompressed siblings (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`) can too.
 * Files under 512 B, and encodings that would not be smaller, are skipped.
 */
export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'grantscope:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        const file = join(entry.parentPath, entry.name)
        if (!entry.isFile() || !compressible.has(extname(file))) continue
        if (statSync(file).size < 512) continue
        const body = readFileSync(file)
        const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
        const gz = gzipSync(body, { level: 9 })
        if (br.length < body.length) writeFileSync(`${file}.br`, br)
        if (gz.length < body.length) writeFileSync(`${file}.gz`, gz)
      }
    },
  }
}

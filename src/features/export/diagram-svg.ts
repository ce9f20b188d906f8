import type { Lane } from '@/flows/step.ts'
import type { RunExport } from './export-run.ts'

/** Colours resolved from the design tokens (`--color-lane-*`, `--color-front`, `--color-back`). */
export interface DiagramColors {
  readonly lanes: Readonly<Record<Lane, string>>
  readonly front: string
  readonly back: string
  readonly internal: string
  readonly failed: string
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const laneWidth = 220
const top = 96
const rowHeight = 58
const margin = 24

/**
 * The run's sequence diagram as a standalone SVG: the same lanes, arrows and labels as on screen
 * (dashed = front channel, solid = back channel), one row per step with its number.
 */
export function diagramSvg(
  run: RunExport,
  colors: DiagramColors,
): { svg: string; width: number; height: number } {
  const width = margin * 2 + laneWidth * run.lanes.length
  const height = top + rowHeight * Math.max(1, run.steps.length) + margin
  const x = (lane: Lane) => margin + laneWidth * (run.lanes.findIndex((l) => l.id === lane) + 0.5)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    `<title>${escapeXml(`${run.flow.title} — ${run.variant.title}`)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${margin}" y="22" font-size="15" font-weight="700" fill="#0f172a">${escapeXml(`${run.flow.title} — ${run.variant.title}`)}</text>`,
  ]
  run.lanes.forEach((lane) => {
    const cx = x(lane.id)
    parts.push(
      `<rect x="${cx - laneWidth / 2 + 8}" y="34" width="${laneWidth - 16}" height="30" rx="6" fill="${colors.lanes[lane.id]}"/>`,
      `<text x="${cx}" y="54" font-size="13" font-weight="600" fill="#ffffff" text-anchor="middle">${escapeXml(lane.title)}</text>`,
      `<text x="${cx}" y="80" font-size="11" fill="#475569" text-anchor="middle">${escapeXml(lane.subtitle)}</text>`,
      `<line x1="${cx}" y1="86" x2="${cx}" y2="${height - margin}" stroke="#cbd5e1" stroke-width="1"/>`,
    )
  })
  run.steps.forEach((step, index) => {
    const y = top + rowHeight * index
    const x1 = x(step.meta.from)
    const x2 = x(step.meta.to)
    const color = step.failure
      ? colors.failed
      : step.meta.channel === 'front'
        ? colors.front
        : step.meta.channel === 'back'
          ? colors.back
          : colors.internal
    const label = `${step.failure ? '✘ ' : ''}${step.label}`
    const arrowY = y + 34
    parts.push(
      `<text x="${margin - 14}" y="${y + 18}" font-size="11" font-weight="600" fill="#64748b">${index + 1}</text>`,
      `<text x="${(x1 + x2) / 2}" y="${y + 22}" font-size="12" font-family="ui-monospace, Menlo, Consolas, monospace" fill="#0f172a" text-anchor="middle">${escapeXml(label)}</text>`,
    )
    if (x1 === x2) {
      parts.push(
        `<path d="M ${x1} ${arrowY - 6} h 36 v 14 h -30" fill="none" stroke="${color}" stroke-width="2"/>`,
        `<path d="M ${x1} ${arrowY + 8} l 9 -5 v 10 z" fill="${color}"/>`,
      )
      return
    }
    const dir = x2 > x1 ? 1 : -1
    parts.push(
      `<line x1="${x1}" y1="${arrowY}" x2="${x2 - dir * 9}" y2="${arrowY}" stroke="${color}" stroke-width="2"${step.meta.channel === 'front' ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<path d="M ${x2} ${arrowY} l ${-dir * 10} -6 v 12 z" fill="${color}"/>`,
    )
  })
  parts.push('</svg>')
  return { svg: parts.join('\n'), width, height }
}

/** Draws the SVG onto a canvas at `scale` and encodes it as PNG (CSP allows `data:` images). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const image = new Image()
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = width * scale
  canvas.height = height * scale
  const context = canvas.getContext('2d')
  if (context === null) throw new Error('This browser cannot draw on a canvas.')
  context.scale(scale, scale)
  context.drawImage(image, 0, 0, width, height)
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))), 'image/png'),
  )
}

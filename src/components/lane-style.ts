import type { Lane } from '@/flows/step.ts'

/** Lane colours come from the design tokens in index.css (`--color-lane-*`). */
export const laneColor: Record<Lane, string> = {
  browser: 'var(--color-lane-browser)',
  client: 'var(--color-lane-client)',
  as: 'var(--color-lane-as)',
  rs: 'var(--color-lane-rs)',
  attacker: 'var(--color-lane-attacker)',
}

export const channelColor = {
  front: 'var(--color-front)',
  back: 'var(--color-back)',
  internal: '#475569',
} as const

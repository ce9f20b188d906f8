import type { LaneInfo } from './catalogue.ts'

/** The lanes of the demo world, as every flow and lesson draws them (a flow may retitle one). */
export const lane = {
  user: { id: 'browser', title: 'User + browser', subtitle: 'Alice, in her browser' },
  client: { id: 'client', title: 'Client', subtitle: 'MovieMatch' },
  as: { id: 'as', title: 'Authorization server', subtitle: 'Friendly Social login' },
  rs: { id: 'rs', title: 'Resource server', subtitle: 'Friendly Social API' },
  attacker: { id: 'attacker', title: 'Attacker', subtitle: 'Mallory' },
} as const satisfies Record<string, LaneInfo>

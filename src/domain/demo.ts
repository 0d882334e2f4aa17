/**
 * The demo coachee: a finished cycle a new coach can look around in. Every record of it has an id
 * with this prefix, so it is marked wherever it shows and removed without touching real data.
 */
export const DEMO_ID_PREFIX = 'demo-'

export function isDemoId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith(DEMO_ID_PREFIX)
}

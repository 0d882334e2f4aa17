import { describe, expect, it } from 'vitest'
import { detectCapabilities } from './capabilities'
import { CameraError } from './errors'
import type { CameraState } from './parse'
import { parseInfo } from './parse'
import infoInsta from './fixtures/info-insta360.json'
import infoX from './fixtures/info-theta-x.json'
import { followState, type ConnectionStatus, type FollowerDeps } from './state-follower'
import { createFakeClock } from './testing/fake-clock'

function fakeCommands(clock: { now(): number }) {
  const calls: { what: string; at: number }[] = []
  let online = true
  let fingerprint = 'FP1'
  let battery = 0.9
  const commands: FollowerDeps['commands'] = {
    async state() {
      calls.push({ what: 'state', at: clock.now() })
      if (!online) throw new CameraError('unreachable')
      return { fingerprint, batteryLevel: battery, captureStatus: 'idle', recordedSeconds: 0, cameraErrors: [], warnings: [] } satisfies CameraState
    },
    async checkForUpdates() {
      calls.push({ what: 'check', at: clock.now() })
      if (!online) throw new CameraError('timeout')
      return { fingerprint, throttleTimeoutSeconds: 60 }
    },
  }
  return {
    commands,
    calls,
    setOnline: (v: boolean) => (online = v),
    change: () => {
      fingerprint += '+'
      battery -= 0.1
    },
  }
}

describe('state follower', () => {
  it('THETA: checkForUpdates, reads state only when the fingerprint moves, caps the throttle', async () => {
    const clock = createFakeClock()
    const fake = fakeCommands(clock)
    const states: CameraState[] = []
    const follower = followState({ commands: fake.commands, capabilities: detectCapabilities(parseInfo(infoX)), clock })
    follower.on('state', (s) => states.push(s))
    await clock.advance(10_000)
    expect(fake.calls.filter((c) => c.what === 'state')).toHaveLength(1)
    expect(fake.calls.filter((c) => c.what === 'check').length).toBeGreaterThanOrEqual(4)
    fake.change()
    await clock.advance(3000)
    expect(states.map((s) => s.batteryLevel)).toEqual([0.9, 0.8])
    follower.stop()
  })

  it('falls back to /osc/state polling when checkForUpdates is refused', async () => {
    const clock = createFakeClock()
    const fake = fakeCommands(clock)
    fake.commands.checkForUpdates = () => Promise.reject(new CameraError('refused', { httpStatus: 404 }))
    const statuses: ConnectionStatus[] = []
    const follower = followState({ commands: fake.commands, capabilities: detectCapabilities(parseInfo(infoX)), clock })
    follower.on('status', (s) => statuses.push(s))
    await clock.advance(5000)
    follower.stop()
    expect(statuses).toEqual([])
    expect(fake.calls.filter((c) => c.what === 'state').length).toBeGreaterThanOrEqual(8)
  })

  it('Insta360: polls /osc/state no more than once a second', async () => {
    const clock = createFakeClock()
    const fake = fakeCommands(clock)
    const follower = followState({ commands: fake.commands, capabilities: detectCapabilities(parseInfo(infoInsta)), clock })
    await clock.advance(20_000)
    follower.stop()
    const times = fake.calls.map((c) => c.at)
    expect(fake.calls.every((c) => c.what === 'state')).toBe(true)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000)
  })

  it('backs off on failures, reports reconnecting → lost → connected, stop() ends the loop', async () => {
    const clock = createFakeClock()
    const fake = fakeCommands(clock)
    const statuses: ConnectionStatus[] = []
    const follower = followState({ commands: fake.commands, capabilities: detectCapabilities(parseInfo(infoX)), clock })
    follower.on('status', (s) => statuses.push(s))
    await clock.advance(2000)
    fake.setOnline(false)
    const before = fake.calls.length
    await clock.advance(60_000)
    const attempts = fake.calls.length - before
    expect(attempts).toBeLessThan(20)
    expect(statuses).toEqual(['reconnecting', 'lost'])
    fake.setOnline(true)
    await clock.advance(6000)
    expect(statuses.at(-1)).toBe('connected')
    follower.stop()
    const count = fake.calls.length
    await clock.advance(10_000)
    expect(fake.calls.length).toBe(count)
  })
})

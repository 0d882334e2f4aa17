import { describe, expect, it } from 'vitest'
import { detectCapabilities } from './capabilities'
import { createCommands } from './commands'
import infoX from './fixtures/info-theta-x.json'
import { parseInfo } from './parse'
import { createFakeClock } from './testing/fake-clock'
import type { CameraRequest, CameraTransport } from './transport'

function scripted(answers: unknown[]) {
  const sent: CameraRequest[] = []
  const transport: CameraTransport = {
    baseUrl: 'http://192.168.1.1',
    async send(req) {
      sent.push(req)
      return new Response(JSON.stringify(answers.shift() ?? {}), { status: 200 })
    },
  }
  const clock = createFakeClock()
  const commands = createCommands({ transport, capabilities: detectCapabilities(parseInfo(infoX)), session: { level: 2 }, clock })
  return { sent, clock, commands }
}

describe('execute', () => {
  it('polls /osc/commands/status for an inProgress command until done', async () => {
    const { sent, clock, commands } = scripted([
      { name: 'camera.setOptions', state: 'inProgress', id: '7', progress: { completion: 0.1 } },
      { name: 'camera.setOptions', state: 'inProgress', id: '7', progress: { completion: 0.6 } },
      { name: 'camera.setOptions', state: 'done', results: {} },
    ])
    const done = commands.execute('camera.setOptions', { options: { captureMode: 'video' } })
    await clock.advance(2000)
    await expect(done).resolves.toMatchObject({ state: 'done' })
    expect(sent.map((r) => r.path)).toEqual(['/osc/commands/execute', '/osc/commands/status', '/osc/commands/status'])
    expect(sent[1]!.body).toEqual({ id: '7' })
  })

  it('an error in the status answer is refused; inProgress without an id is a badResponse', async () => {
    const failing = scripted([{ state: 'inProgress', id: '1' }, { state: 'error', error: { code: 'canceledShooting' } }])
    const refused = expect(failing.commands.execute('camera.startCapture')).rejects.toMatchObject({ code: 'refused', cameraCode: 'canceledShooting' })
    await failing.clock.advance(1000)
    await refused
    await expect(scripted([{ state: 'inProgress' }]).commands.execute('camera.startCapture')).rejects.toMatchObject({ code: 'badResponse' })
  })

  it('deletes in batches of 128 URLs', async () => {
    const { sent, commands } = scripted([])
    await commands.deleteFiles(Array.from({ length: 300 }, (_, i) => `http://192.168.1.1/files/100RICOH/R${i}.MP4`))
    expect(sent.map((r) => ((r.body as { parameters: { fileUrls: string[] } }).parameters.fileUrls.length))).toEqual([128, 128, 44])
  })
})

/** The video routes in the real server: signed-in devices, grants claimed by a push, two coaches. */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Asset, AssetsResponse, VideoLinkResponse } from '../../../src/sync/protocol'
import { startTestServer, stamp, type Client, type TestServer } from '../../test/harness'
import { metadataFor, tusUpload } from './testing'

describe('video in the school server', () => {
  let server: TestServer
  let tablet: Client
  let laptop: Client
  let other: Client
  const file = randomBytes(6 * 1024 * 1024 + 3)

  beforeAll(async () => {
    server = await startTestServer()
    await server.addCoach('anna')
    await server.addCoach('bram')
    ;[tablet, laptop, other] = [server.client(), server.client(), server.client()]
    await tablet.login('anna', undefined, 'tablet')
    await laptop.login('anna', undefined, 'laptop')
    await other.login('bram')
    const coachee = { table: 'coachees' as const, id: 'coachee-1', scope: 'coachee-1', fields: { name: { value: 'Sanne', hlc: stamp(server.clock.now) } } }
    expect((await tablet.push(tablet.changes(coachee))).body.rejected).toEqual([])
  })
  afterAll(() => server.close())

  it('takes an upload from the coach’s tablet and plays it on her laptop with Range; another coach and a stranger get nothing', async () => {
    await tusUpload(server.url, { file, metadata: metadataFor(file), token: tablet.session!.accessToken }).done

    const list = await laptop.request<AssetsResponse>('GET', '/api/video/assets?recordingId=rec-1')
    expect(list.body.assets.map((a: Asset) => [a.id, a.status])).toEqual([['asset-1', 'verified']])
    const part = await fetch(`${server.url}/api/video/assets/asset-1/content`, { headers: { Authorization: `Bearer ${laptop.session!.accessToken}`, Range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(100, 200))).toBe(true)

    expect((await other.request<AssetsResponse>('GET', '/api/video/assets?recordingId=rec-1')).body.assets).toEqual([])
    expect((await other.request('GET', '/api/video/assets/asset-1/content')).status).toBe(404)
    // The laptop's <video> plays from a link that needs no sign-in; the link route is outside the server's sign-in.
    const link = await laptop.request<VideoLinkResponse>('POST', '/api/video/assets/asset-1/link')
    const played = await fetch(`${server.url}${link.body.url}`, { headers: { Range: 'bytes=0-99' } })
    expect(played.status).toBe(206)
    expect(Buffer.from(await played.arrayBuffer()).equals(file.subarray(0, 100))).toBe(true)

    const stranger = await fetch(`${server.url}/api/video/assets/asset-1/content`)
    expect([stranger.status, ((await stranger.json()) as { error: { code: string } }).error.code]).toEqual([401, 'tokenInvalid'])
  })

  it('refuses an upload for a coachee of another coach (a forged scope)', async () => {
    const forged = await tusUpload(server.url, { file, metadata: metadataFor(file, { assetId: 'asset-2' }), token: other.session!.accessToken }).done.catch((e: unknown) => e)
    expect((forged as { originalResponse: { getStatus(): number } }).originalResponse.getStatus()).toBe(403)
  })
})

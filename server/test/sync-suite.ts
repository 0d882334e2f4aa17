/**
 * The server's behaviour end to end over loopback HTTP: accounts, devices, tokens, push and pull
 * with grants, and the bad input and faults of issue 9. Run against SQLite and PostgreSQL.
 */
import { request as httpRequest } from 'node:http'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, stamp, type Client, type TestServer } from './harness'
import { API_PATHS, CLOCK_TOLERANCE_MS, PUSH_MAX_BYTES, type Change } from '../../src/sync/protocol'
import { LOGIN_MAX_FAILURES } from '../src/auth/sessions'
import { ACCESS_TOKEN_TTL_MS } from '../src/auth/tokens'
import { transferCoachees } from '../src/sync/grants'

export interface Backend {
  /** A fresh, empty database URL for one server (PostgreSQL), or undefined for SQLite. */
  databaseUrl(): Promise<string | undefined>
}

const coachee = (id: string, name: string, at: number, node = 'a1'): Omit<Change, 'seq'> => ({
  table: 'coachees',
  id,
  scope: id,
  fields: { name: { value: name, hlc: stamp(at, node) }, deletedAt: { value: null, hlc: stamp(at, node) } },
})
const marker = (id: string, scope: string, label: string, at: number, node = 'a1'): Omit<Change, 'seq'> => ({
  table: 'markers',
  id,
  scope,
  fields: { label: { value: label, hlc: stamp(at, node) } },
})

/** Sends a push and closes the connection once the body is out, before any answer: the network gone. */
function pushAndDrop(url: string, token: string, changes: Change[]): Promise<void> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ changes })
    const req = httpRequest(url + API_PATHS.push, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } })
    req.on('error', () => resolve())
    req.on('close', () => resolve())
    req.end(body, () => req.destroy())
  })
}

export function syncSuite(backend: Backend) {
  let server: TestServer
  let anna: Client
  let annaLaptop: Client
  let bram: Client

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: await backend.databaseUrl() })
    await server.addCoach('anna')
    await server.addCoach('bram')
    anna = server.client()
    annaLaptop = server.client()
    bram = server.client()
    expect((await anna.login('anna', 'geheim-wachtwoord', 'tablet')).status).toBe(200)
    expect((await annaLaptop.login('Anna', 'geheim-wachtwoord', 'laptop')).status).toBe(200)
    expect((await bram.login('bram')).status).toBe(200)
  })
  afterAll(() => server?.close())

  describe('accounts and devices', () => {
    it('answers a wrong password or an unknown coach with badCredentials', async () => {
      const wrong = await server.client().login('anna', 'fout-wachtwoord')
      expect(wrong.status).toBe(401)
      expect(wrong.body.error?.code).toBe('badCredentials')
      expect((await server.client().login('niemand')).body.error?.code).toBe('badCredentials')
    })

    it('stops guessing after too many failures, also for the right password, and says when to retry', async () => {
      await server.addCoach('carla')
      for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await server.client().login('carla', `fout-${i}`)).status).toBe(401)
      const limited = await server.client().login('carla')
      expect(limited.status).toBe(429)
      expect(limited.body.error?.code).toBe('tooManyAttempts')
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      server.clock.advance(16 * 60_000)
      expect((await server.client().login('carla')).status).toBe(200)
    })

    it("lists the coach's own devices and marks the one asking", async () => {
      const { body } = await anna.request<{ devices: { name: string; current: boolean }[] }>('GET', API_PATHS.devices)
      expect(body.devices.map((d) => [d.name, d.current])).toEqual([
        ['tablet', true],
        ['laptop', false],
      ])
    })

    it('refreshes an expired access token with the rotated refresh token and the device-key proof', async () => {
      const client = server.client()
      client.autoRefresh = false
      await client.login('bram')
      const first = client.session!
      expect(first.accessExpiresAt).toBeLessThanOrEqual(server.clock.now + ACCESS_TOKEN_TTL_MS)
      server.clock.advance(first.accessExpiresAt - server.clock.now - 1000)
      expect((await client.pull()).status).toBe(200)
      server.clock.advance(1000)
      const expired = await client.pull()
      expect(expired.status).toBe(401)
      expect(expired.body.error?.code).toBe('tokenExpired')
      expect((await client.refresh()).status).toBe(200)
      expect(client.session!.refreshToken).not.toBe(first.refreshToken)
      expect((await client.pull()).status).toBe(200)
      // Without the device's own key a refresh token is useless.
      const thief = server.client()
      await thief.login('bram')
      const refreshToken = client.session!.refreshToken
      const stolen = await thief.request('POST', API_PATHS.refresh, { deviceId: first.deviceId, refreshToken, proof: await thief.proof(refreshToken) })
      expect(stolen.body.error?.code).toBe('refreshInvalid')
    })

    it('takes a retried refresh whose answer got lost, but revokes the device when a rotated token comes back later', async () => {
      const client = server.client()
      await client.login('bram')
      const original = client.session!.refreshToken
      expect((await client.refresh()).status).toBe(200)
      expect((await client.refresh(original)).status).toBe(200) // the first answer never arrived
      expect((await client.pull()).status).toBe(200)
      server.clock.advance(5 * 60_000)
      const reused = await client.refresh(original)
      expect(reused.body.error?.code).toBe('deviceRevoked')
      expect((await client.pull()).body.error?.code).toBe('deviceRevoked')
    })

    it('tells a revoked device so on its next contact, on every route', async () => {
      const client = server.client()
      await client.login('anna', 'geheim-wachtwoord', 'verloren tablet')
      expect((await anna.request('POST', API_PATHS.revokeDevice.replace(':id', client.session!.deviceId))).status).toBe(204)
      for (const answer of [await client.pull(), await client.push(client.changes(coachee('x', 'X', server.clock.now))), await client.refresh()]) {
        expect(answer.status).toBe(401)
        expect(answer.body.error?.code).toBe('deviceRevoked')
      }
      const signingOut = server.client()
      await signingOut.login('anna', 'geheim-wachtwoord', 'afgemeld')
      expect((await signingOut.request('POST', API_PATHS.logout)).status).toBe(204)
      expect((await signingOut.pull()).body.error?.code).toBe('deviceRevoked')
      // Another coach's device is not one to revoke.
      expect((await bram.request('POST', API_PATHS.revokeDevice.replace(':id', anna.session!.deviceId))).body.error?.code).toBe('notFound')
    })

    it('answers a missing or forged access token with tokenInvalid', async () => {
      expect((await server.client().pull()).body.error?.code).toBe('tokenInvalid')
      const forged = await anna.request('GET', `${API_PATHS.pull}?since=0`, undefined, `${anna.session!.accessToken.slice(0, -4)}AAAA`)
      expect(forged.body.error?.code).toBe('tokenInvalid')
    })
  })

  describe('push and pull', () => {
    it('gives another device of the same coach everything, and another coach nothing', async () => {
      const at = server.clock.now
      const push = await anna.push(anna.changes(coachee('ca-1', 'Sanne', at), marker('m-1', 'ca-1', 'Parel', at)))
      expect(push.status).toBe(200)
      expect(push.body).toMatchObject({ acked: 2, rejected: [], clock: { clamped: false } })
      const laptop = await annaLaptop.pullAll()
      expect(laptop.rows.map((r) => [r.table, r.id, r.fields.name?.value ?? r.fields.label?.value])).toEqual([
        ['coachees', 'ca-1', 'Sanne'],
        ['markers', 'm-1', 'Parel'],
      ])
      expect((await bram.pullAll()).rows).toEqual([])
    })

    it("rejects a forged scope as forbidden and keeps the rest of the batch", async () => {
      const at = server.clock.now
      const forged = bram.changes(
        marker('m-bram', 'ca-1', 'ingeschoven', at, 'b1'), // Anna's coachee
        { ...marker('m-1', 'cb-1', 'overgenomen', at + 1, 'b1') }, // Anna's marker, claimed into Bram's own scope
        coachee('cb-1', 'Daan', at, 'b1'),
      )
      const { body } = await bram.push(forged)
      expect(body.rejected).toEqual([
        { seq: forged[0]!.seq, code: 'forbidden' },
        { seq: forged[1]!.seq, code: 'forbidden' },
      ])
      expect(body.acked).toBe(forged[2]!.seq)
      const annaSees = await anna.pullAll()
      expect(annaSees.rows.find((r) => r.id === 'm-1')?.fields.label?.value).toBe('Parel')
      expect(annaSees.rows.some((r) => r.id === 'm-bram' || r.id === 'cb-1')).toBe(false)
      expect((await bram.pullAll()).rows.map((r) => r.id)).toEqual(['cb-1'])
      expect(server.log).not.toContainEqual(expect.stringContaining('tokenExpired'))
      expect(server.log).toContainEqual(expect.stringMatching(/^POST \/api\/devices\/[\w-]+\/revoke 404 notFound \(bram\)/))
      // A refused move claims nothing: the scope it named is still free for whoever creates it.
      const move = bram.changes(marker('m-1', 'c-ghost', 'weg', at + 2, 'b1'))
      expect((await bram.push(move)).body.rejected).toEqual([{ seq: move[0]!.seq, code: 'forbidden' }])
      expect((await anna.push(anna.changes(coachee('c-ghost', 'Noor', at)))).body.rejected).toEqual([])
    })

    it('answers a garbage body with invalidRequest and a bad change in a good batch as rejected', async () => {
      for (const garbage of ['{"changes": [', '"changes"', JSON.stringify({ changes: [] }), JSON.stringify({ changes: [{ seq: 'één' }] })]) {
        const answer = await anna.request('POST', API_PATHS.push, garbage)
        expect(answer.status).toBe(400)
        expect(answer.body.error?.code).toBe('invalidRequest')
      }
      const at = server.clock.now
      const [bad, wrongScope, good] = anna.changes(
        { table: 'meta' as 'markers', id: 'x', scope: 'ca-1', fields: { a: { value: 1, hlc: stamp(at) } } },
        coachee('ca-2', 'Lotte', at),
        marker('m-2', 'ca-1', 'Puzzel', at),
      )
      const { body } = await anna.push([bad, { ...wrongScope!, scope: 'ca-1' }, good])
      expect(body.rejected).toEqual([
        { seq: bad!.seq, code: 'invalid' },
        { seq: wrongScope!.seq, code: 'invalid' },
      ])
      expect(body.acked).toBe(good!.seq)
      expect((await anna.request('GET', `${API_PATHS.pull}?since=-1`)).body.error?.code).toBe('invalidRequest')
    })

    it('refuses a 50 MB body with bodyTooLarge without reading it all into memory', async () => {
      const before = process.memoryUsage()
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      let sent = 0
      const stream = Readable.from(
        (function* () {
          for (let i = 0; i < 50; i++) {
            sent += chunk.length
            yield chunk
          }
        })(),
      )
      const streamed = await fetch(server.url + API_PATHS.push, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${anna.session!.accessToken}` },
        body: Readable.toWeb(stream) as ReadableStream,
        duplex: 'half',
      } as RequestInit)
      expect(streamed.status).toBe(413)
      expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('bodyTooLarge')
      const declared = await anna.request('POST', API_PATHS.push, ' '.repeat(PUSH_MAX_BYTES + 1))
      expect(declared.status).toBe(413)
      expect(declared.body.error?.code).toBe('bodyTooLarge')
      const login = await server.client().request('POST', API_PATHS.login, { username: 'anna', password: 'x'.repeat(100_000), device: {} })
      expect(login.body.error?.code).toBe('bodyTooLarge')
      const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers
      expect(grown).toBeLessThan(40 * 1024 * 1024)
      expect(sent).toBeLessThan(50 * chunk.length) // the server stopped reading, the rest was never sent
    })

    it('answers a batch resent after its answer was lost exactly as before, and changes nothing', async () => {
      const at = server.clock.now
      const batch = anna.changes(marker('m-3', 'ca-1', 'Parel', at), marker('m-forged', 'cb-1', 'x', at))
      await pushAndDrop(server.url, anna.session!.accessToken, batch)
      // The server commits what it read although nobody hears the answer.
      let before = await anna.pullAll()
      for (let i = 0; i < 100 && !before.rows.some((r) => r.id === 'm-3'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        before = await anna.pullAll()
      }
      expect(before.rows.filter((r) => r.id === 'm-3')).toHaveLength(1)
      const resent = await anna.push(batch)
      expect(resent.status).toBe(200)
      expect(resent.body.acked).toBe(batch[1]!.seq)
      expect(resent.body.rejected).toEqual([{ seq: batch[1]!.seq, code: 'forbidden' }])
      const again = await anna.push(batch)
      expect({ ...again.body, clock: undefined }).toEqual({ ...resent.body, clock: undefined })
      expect((await anna.pullAll()).rows).toEqual(before.rows)
    })

    it('clamps a tablet clock a year ahead and tells it so; a later honest edit still wins', async () => {
      const yearAhead = server.clock.now + 365 * 24 * 3600_000
      const { body } = await anna.push(anna.changes(marker('m-4', 'ca-1', 'van de toekomst', yearAhead, 'skewed')))
      expect(body.clock).toMatchObject({ clamped: true, serverTime: server.clock.now })
      const stored = (await anna.pullAll()).rows.find((r) => r.id === 'm-4')!
      expect(stored.fields.label!.hlc.endsWith(':server')).toBe(true)
      expect(Number(stored.fields.label!.hlc.slice(0, 13))).toBeLessThanOrEqual(server.clock.now + CLOCK_TOLERANCE_MS)
      server.clock.advance(1000)
      await annaLaptop.push(annaLaptop.changes(marker('m-4', 'ca-1', 'nu', server.clock.now, 'laptop')))
      expect((await anna.pullAll()).rows.find((r) => r.id === 'm-4')!.fields.label!.value).toBe('nu')
    })

    it('keeps both edits of two devices to different fields of one record, and the later one of the same field', async () => {
      const at = server.clock.now
      const tabletEdit: Omit<Change, 'seq'> = { table: 'markers', id: 'm-1', scope: 'ca-1', fields: { note: { value: 'mooi moment', hlc: stamp(at + 5, 'a1') }, label: { value: 'Puzzel', hlc: stamp(at + 1, 'a1') } } }
      const laptopEdit: Omit<Change, 'seq'> = { table: 'markers', id: 'm-1', scope: 'ca-1', fields: { kijkwijzer: { value: 'b2', hlc: stamp(at + 3, 'l1') }, label: { value: 'Parel', hlc: stamp(at + 2, 'l1') } } }
      await annaLaptop.push(annaLaptop.changes(laptopEdit))
      await anna.push(anna.changes(tabletEdit)) // pushed later, but its label was written earlier
      const m1 = (await annaLaptop.pullAll()).rows.find((r) => r.id === 'm-1')!
      expect(Object.fromEntries(Object.entries(m1.fields).map(([k, f]) => [k, f.value]))).toEqual({ label: 'Parel', note: 'mooi moment', kijkwijzer: 'b2' })
    })

    it('keeps a delete until a newer stamp restores it', async () => {
      const at = server.clock.now + 10
      await anna.push(anna.changes({ table: 'markers', id: 'm-3', scope: 'ca-1', fields: { deletedAt: { value: at, hlc: stamp(at, 'a1') } } }))
      await annaLaptop.push(annaLaptop.changes({ table: 'markers', id: 'm-3', scope: 'ca-1', fields: { label: { value: 'Puzzel', hlc: stamp(at + 1, 'l1') } } }))
      const m3 = (await anna.pullAll()).rows.find((r) => r.id === 'm-3')!
      expect(m3.fields.deletedAt!.value).toBe(at)
      await annaLaptop.push(annaLaptop.changes({ table: 'markers', id: 'm-3', scope: 'ca-1', fields: { deletedAt: { value: null, hlc: stamp(at + 2, 'l1') } } }))
      expect((await anna.pullAll()).rows.find((r) => r.id === 'm-3')!.fields.deletedAt!.value).toBeNull()
    })

    it('pulls in commit order page by page, only what changed since the cursor, and resets a cursor from the future', async () => {
      const all = await anna.pullAll(0, 2)
      const revs = all.rows.map((r) => r.rev)
      expect(revs).toEqual([...revs].sort((a, b) => a - b))
      expect(new Set(all.rows.map((r) => `${r.table}/${r.id}`)).size).toBe(all.rows.length)
      const at = server.clock.now + 100
      await annaLaptop.push(annaLaptop.changes(marker('m-5', 'ca-1', 'Parel', at, 'l1')))
      const since = await anna.pullAll(all.next)
      expect(since.rows.map((r) => r.id)).toEqual(['m-5'])
      expect((await anna.pullAll(since.next)).rows).toEqual([])
      const ahead = await anna.pull(since.next + 1_000_000)
      expect(ahead.body.reset).toBe(true)
      expect(ahead.body.rows[0]?.rev).toBe(all.rows[0]!.rev)
    })

    it("hands all of a leaving coach's coachees to a colleague, whose devices pull them on their next sync", async () => {
      await server.addCoach('dirk')
      const dirk = server.client()
      await dirk.login('dirk')
      const before = await dirk.pullAll()
      expect(before.rows).toEqual([])
      const annaRows = (await anna.pullAll()).rows
      const id = async (username: string) => (await server.database.db.selectFrom('coaches').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id
      expect(await transferCoachees(server.database.db, await id('anna'), await id('dirk'))).toBeGreaterThan(0)
      const after = await dirk.pullAll(before.next)
      expect(after.rows.map((r) => `${r.table}/${r.id}`).sort()).toEqual(annaRows.map((r) => `${r.table}/${r.id}`).sort())
      expect(after.rows.map((r) => r.fields)).toEqual(expect.arrayContaining(annaRows.map((r) => r.fields)))
      const next = anna.changes(marker('m-after', 'ca-1', 'Parel', server.clock.now))
      expect((await anna.push(next)).body.rejected).toEqual([{ seq: next[0]!.seq, code: 'forbidden' }])
      expect((await anna.pullAll()).rows).toEqual([])
      const mine = dirk.changes(marker('m-dirk', 'ca-1', 'Puzzel', server.clock.now, 'd1'))
      expect((await dirk.push(mine)).body.rejected).toEqual([])
      expect((await dirk.pullAll(after.next)).rows.map((r) => r.id)).toEqual(['m-dirk'])
    })
  })
}

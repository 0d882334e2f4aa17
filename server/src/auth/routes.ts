/** Sign-in, refresh, sign-out and the coach's own device list (API_PATHS in protocol.ts). */
import { Hono } from 'hono'
import type { AppEnv, Services } from '../context'
import { ApiError } from '../errors'
import { jsonBody } from '../validate'
import { LoginRequestSchema, RefreshRequestSchema, type DevicesResponse } from '../../../src/sync/protocol'
import { deviceInfo, listDevices, revokeDevice } from './accounts'

export function authRoutes({ db, sessions, requireDevice, now }: Services) {
  const routes = new Hono<AppEnv>()
  routes.post('/auth/login', async (c) => c.json(await sessions.login(await jsonBody(c, LoginRequestSchema))))
  routes.post('/auth/refresh', async (c) => c.json(await sessions.refresh(await jsonBody(c, RefreshRequestSchema))))
  routes.post('/auth/logout', requireDevice, async (c) => {
    await revokeDevice(db, c.var.device.deviceId, now())
    return c.body(null, 204)
  })
  routes.get('/devices', requireDevice, async (c) => {
    const { coachId, deviceId } = c.var.device
    const body: DevicesResponse = { devices: (await listDevices(db, coachId)).map((row) => deviceInfo(row, deviceId)) }
    return c.json(body)
  })
  routes.post('/devices/:id/revoke', requireDevice, async (c) => {
    const own = (await listDevices(db, c.var.device.coachId)).some((d) => d.id === c.req.param('id'))
    if (!own) throw new ApiError('notFound', 'no such device of yours')
    await revokeDevice(db, c.req.param('id'), now())
    return c.body(null, 204)
  })
  return routes
}

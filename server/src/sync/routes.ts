/** POST /api/sync/push and GET /api/sync/pull for the signed-in device. */
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import type { AppEnv, Services } from '../context'
import { jsonBody, query } from '../validate'
import { PullQuerySchema, PushRequestSchema } from '../../../src/sync/protocol'
import { records } from './records'

export function syncRoutes({ db, grants, requireDevice, now }: Services) {
  const store = records(db, grants, now)
  const routes = new Hono<AppEnv>()
  routes.use(requireDevice)
  routes.post('/push', async (c) => {
    const { changes } = await jsonBody(c, PushRequestSchema)
    return c.json(await store.push(c.var.device, changes))
  })
  // A page of rows is JSON that gzip shrinks about tenfold: it counts on school Wi-Fi.
  routes.get('/pull', compress(), async (c) => {
    const { since, limit } = query(c, PullQuerySchema)
    return c.json(await store.pull(c.var.device.coachId, since, limit))
  })
  return routes
}

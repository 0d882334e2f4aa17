/**
 * The video routes as their own process, for the fault test that kills the server mid-upload:
 * `tsx server/src/video/testing-cli.ts --data DIR --port N` (storage from the environment, as the
 * real server chooses it). Prints its URL once it listens.
 */
import { parseArgs } from 'node:util'
import { storageFromEnv } from './storage'
import { startVideoServer } from './testing'

const { values } = parseArgs({ options: { data: { type: 'string' }, port: { type: 'string', default: '0' } } })
if (!values.data) throw new Error('--data DIR is required')
const server = await startVideoServer({
  dataDir: values.data,
  storage: await storageFromEnv(process.env, values.data),
  grants: { 'coach-a': ['coachee-1'] },
  port: Number(values.port),
})
console.log(server.url)

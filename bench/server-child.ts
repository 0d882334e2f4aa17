/**
 * The school server in its own process for `npm run bench server`, answering "mem" on stdin with its
 * memory use, so the bench measures the server's heap and not the client's.
 */
import { createInterface } from 'node:readline'
import { serverConfig } from '../server/src/config'
import { startServer } from '../server/src/server'

const server = await startServer(serverConfig(process.argv.slice(2), process.env), { env: process.env, log: () => {} })
console.log(JSON.stringify({ url: server.url }))
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'mem') console.log(JSON.stringify(process.memoryUsage()))
}
await server.close()

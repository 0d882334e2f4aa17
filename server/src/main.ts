/**
 * `npm run server -- --data DIR --port N [--tls-cert F --tls-key F]` starts the server;
 * `npm run server -- user|devices|backup …` is the admin CLI on the same data folder.
 */
import { ConfigError, serverConfig } from './config'
import { runCli, isCliCommand } from './cli/cli'
import { startServer } from './server'

const args = process.argv.slice(2)
// The data folder holds children's video, password hashes and every record: readable by this
// user only — the database, the video, a backup (files created after this line).
process.umask(0o077)

async function main(): Promise<void> {
  if (isCliCommand(args[0])) {
    process.exitCode = await runCli(args, process.env)
    return
  }
  const config = serverConfig(args, process.env)
  const server = await startServer(config, { env: process.env })
  const stop = () => {
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  // A renewed certificate (certbot, acme.sh) is taken without a restart: `kill -HUP <pid>`.
  process.on('SIGHUP', () => {
    try {
      server.reloadTls()
    } catch (error) {
      console.error('TLS certificate not reloaded, the old one stays:', error instanceof Error ? error.message : error)
    }
  })
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `rondblik server: ${error.message}` : error)
  process.exit(error instanceof ConfigError ? 2 : 1)
})

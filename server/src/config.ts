/**
 * The server's settings: command-line flags for the embedded default, environment variables for
 * what a school that outgrows one machine sets (PostgreSQL, S3 — the latter read by video/storage.ts).
 */
import { resolve } from 'node:path'

export interface ServerConfig {
  /** The data folder: the SQLite database and the video files (when no S3). */
  dataDir: string
  port: number
  host: string
  tls?: { cert: string; key: string }
  /** postgres://… from RONDBLIK_DATABASE_URL; SQLite in dataDir without it. */
  databaseUrl?: string
  /** The built app to serve (--dist DIR; the repository's dist/ without it). */
  distDir: string
  /**
   * --camera http://192.168.1.1: where this machine sits on the camera's Wi-Fi, the camera relay is
   * served at /camera on the same origin (the tablet then types https://server/camera as camera).
   */
  cameraRelay?: string
}

export class ConfigError extends Error {}

/** `--name value` and `--name=value` pairs; anything else is an error, not silently ignored. */
export function parseFlags(args: readonly string[], known: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (!match || !known.includes(match[1]!)) throw new ConfigError(`unknown argument ${arg} (known: ${known.map((k) => `--${k}`).join(' ')})`)
    const value = match[2] ?? args[++i]
    if (value === undefined || value.startsWith('--')) throw new ConfigError(`--${match[1]} needs a value`)
    flags[match[1]!] = value
  }
  return flags
}

export function serverConfig(args: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  const flags = parseFlags(args, ['data', 'port', 'host', 'tls-cert', 'tls-key', 'dist', 'camera'])
  if (!flags.data) throw new ConfigError('--data DIR is required (the folder for the database and the video)')
  const port = Number(flags.port ?? 8443)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port ${flags.port} is not a port`)
  if (Boolean(flags['tls-cert']) !== Boolean(flags['tls-key'])) throw new ConfigError('--tls-cert and --tls-key go together')
  return {
    dataDir: resolve(flags.data),
    port,
    host: flags.host ?? '0.0.0.0',
    tls: flags['tls-cert'] ? { cert: resolve(flags['tls-cert']), key: resolve(flags['tls-key']!) } : undefined,
    databaseUrl: env.RONDBLIK_DATABASE_URL || undefined,
    // The repository's build by default, wherever the server is started from.
    distDir: flags.dist ? resolve(flags.dist) : resolve(import.meta.dirname, '../../dist'),
    cameraRelay: flags.camera,
  }
}

/** Helpers the benchmarks share: the emulator and relay as child processes, and curl as the baseline. */
import { spawn, type ChildProcess } from 'node:child_process'

/** Starts `node --import tsx <script> …args` and resolves with its URL once it prints one. */
export async function child(script: string, args: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (m) resolve(m[0])
    })
    proc.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it listened`)))
  })
  proc.stdout!.resume()
  return { url, proc }
}

export function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    proc.once('exit', () => resolve())
    proc.kill('SIGTERM')
  })
}

/** curl fetching the whole file (to /dev/null unless `to` names a file); resolves with the bytes it got. */
export function curl(url: string, to = '/dev/null'): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn('curl', ['-s', '-f', '-r', '0-', '-o', to, '-w', '%{size_download}', url], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.on('error', reject)
    p.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`curl exited ${code}`))))
  })
}


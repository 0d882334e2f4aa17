/** The camera's storage: finished clips on disk under the data dir, at their URL paths. */
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

export interface Clip {
  /** URL paths of the clip's files (two for Insta360, the same video in both). */
  paths: string[]
  width: number
  height: number
  fps: number
  frames: number
  /** Camera uptime (ms) at the first frame: the same clock as preview stripes and `/osc/info` uptime. */
  startedAtCameraMs: number
  /** The camera's wall clock at the first frame (epoch ms) and its zone, e.g. "+01:00". */
  startedAt: number
  zone: string
  seeded: boolean
}

export interface StoredFile {
  path: string
  diskPath: string
  size: number
  clip: Clip
}

export function clipDurationMs(clip: Clip): number {
  return (clip.frames * 1000) / clip.fps
}

export class FileStore {
  private readonly byPath = new Map<string, StoredFile>()
  private count = 0

  constructor(readonly dataDir: string) {}

  /** The number the next clip's file name gets (R0010001, R0010002, …). */
  nextIndex(): number {
    return ++this.count
  }

  /** Where a URL path lives on disk (its folder created). */
  diskPath(urlPath: string): string {
    const file = join(this.dataDir, ...urlPath.split('/').filter((p) => p && p !== '..'))
    mkdirSync(dirname(file), { recursive: true })
    return file
  }

  /** Registers a clip whose video is at its first path; further paths get copies. */
  async add(clip: Clip): Promise<StoredFile[]> {
    const [first, ...rest] = clip.paths
    if (!first) throw new Error('a clip needs a path')
    for (const p of rest) await copyFile(this.diskPath(first), this.diskPath(p))
    return clip.paths.map((path) => {
      const diskPath = this.diskPath(path)
      const file = { path, diskPath, size: statSync(diskPath).size, clip }
      this.byPath.set(path, file)
      return file
    })
  }

  /** Newest first, like a THETA's listFiles. */
  list(): StoredFile[] {
    return [...this.byPath.values()].reverse()
  }

  get(path: string): StoredFile | undefined {
    return this.byPath.get(path)
  }

  remove(path: string): void {
    const file = this.byPath.get(path)
    if (!file) return
    rmSync(file.diskPath, { force: true })
    this.byPath.delete(path)
  }

  clips(): Clip[] {
    return [...new Set(this.list().map((f) => f.clip))]
  }
}

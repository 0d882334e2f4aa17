/**
 * What the school server holds of a recording's video, for another device of the same coach: the
 * verified assets as the tablet's own VideoFile rows would describe them (so one rule finds the file
 * for a moment, local or not), and a short-lived link a `<video>` can play with Range.
 */
import type { VideoFile } from '../domain/model'
import { VIDEO_LINK_TTL_MS, type Asset, type AssetsResponse, type VideoLinkResponse } from './protocol'
import type { UploadServer } from './upload'

/** A verified asset as a played file; its bytes live on the server, so it has no OPFS name. */
export function assetAsFile(asset: Asset): VideoFile {
  return {
    id: asset.id, recordingId: asset.recordingId, kind: asset.kind === 'whole' ? 'full' : 'fragment', name: '',
    startSec: asset.startSec, endSec: asset.endSec, size: asset.size, reached: asset.size, crc: asset.crc32,
    state: 'done', createdAt: asset.createdAt, updatedAt: asset.createdAt,
  }
}

/** Links are renewed this long before they expire, so a fragment never starts on a link about to die. */
const LINK_MARGIN_MS = 10 * 60 * 1000

export function createServerVideo(server: () => Promise<UploadServer | null>, now: () => number = Date.now) {
  const links = new Map<string, VideoLinkResponse>()

  async function call<T>(path: string, method = 'GET'): Promise<T | null> {
    const target = await server()
    if (!target) return null
    try {
      const res = await fetch(`${target.url}${path}`, { method, headers: { Authorization: `Bearer ${await target.token()}` } })
      return res.ok ? ((await res.json()) as T) : null
    } catch {
      // Offline or the server gone: there is simply no video from the server now.
      return null
    }
  }

  return {
    /** The verified files of these recordings on the server; none while signed out or out of reach. */
    async files(recordingIds: readonly string[]): Promise<VideoFile[]> {
      const lists = await Promise.all(recordingIds.map((id) => call<AssetsResponse>(`/api/video/assets?recordingId=${encodeURIComponent(id)}`)))
      return lists.flatMap((list) => list?.assets ?? []).filter((a) => a.status === 'verified').map(assetAsFile)
    },

    /** A URL for the asset's bytes on the server's origin (Range works), or null. */
    async url(assetId: string): Promise<string | null> {
      const target = await server()
      if (!target) return null
      let link = links.get(assetId)
      if (!link || link.expiresAt - LINK_MARGIN_MS < now()) {
        const fresh = await call<VideoLinkResponse>(`/api/video/assets/${encodeURIComponent(assetId)}/link`, 'POST')
        if (!fresh) return null
        // Reckoned on this tablet's clock from the link's lifetime: the tablet's clock may be wrong.
        link = { url: fresh.url, expiresAt: now() + VIDEO_LINK_TTL_MS }
        links.set(assetId, link)
      }
      return `${target.url}${link.url}`
    },

    forget(): void {
      links.clear()
    },
  }
}
export type ServerVideo = ReturnType<typeof createServerVideo>

/**
 * The class-visit pipeline as the screen runs it, without Vue: the camera's live preview → the
 * decoding worker → the 360° viewer, while markers are tapped into the database now and then.
 */
import { connectCamera } from '../../src/camera'
import { createPreviewDecoder } from '../../src/viewer/preview-decoder'
import { createSphereViewer } from '../../src/viewer/sphere-viewer'
import { openDb } from '../../src/db/database'
import { createRepositories } from '../../src/db/repositories'
import { summarize } from '../stats'
import { pearlTap } from './tap'

interface PreviewRun {
  stop(): Promise<Record<string, unknown>>
}

async function startPreview(cameraUrl: string, tapEveryMs: number): Promise<PreviewRun> {
  const camera = await connectCamera({ baseUrl: cameraUrl })
  const viewer = createSphereViewer(document.getElementById('c') as HTMLCanvasElement)
  const decoder = createPreviewDecoder()
  const db = openDb(`bench-visit-${Date.now()}`)
  const repos = createRepositories(db)
  const controller = new AbortController()
  const preview = await camera.openLivePreview(controller.signal)
  const drawLatency: number[] = []
  const tapCommit: number[] = []
  let loopMs = 0

  decoder.onFrame((frame, meta) => {
    viewer.setFrame(frame)
    // Drawn in the next animation frame: received (bytes in hand) → on screen.
    requestAnimationFrame(() => drawLatency.push(performance.now() - meta.receivedAt))
  })
  const pump = (async () => {
    for (;;) {
      const frame = await preview.next()
      if (!frame) break
      const t0 = performance.now()
      decoder.push(frame)
      loopMs += performance.now() - t0
    }
  })()
  const tapper = setInterval(() => {
    const t0 = performance.now()
    void repos.markers.create(pearlTap('bench', viewer.getView())).then(() => tapCommit.push(performance.now() - t0))
  }, tapEveryMs)

  return {
    async stop() {
      clearInterval(tapper)
      controller.abort()
      preview.close()
      await pump.catch(() => undefined)
      const v = viewer.stats()
      const d = decoder.stats()
      const sent = preview.stats.frames
      const result = {
        framesSent: sent,
        framesDecoded: d.decoded,
        framesShown: v.framesUploaded,
        shownPerSent: Math.round((v.framesUploaded / Math.max(1, sent)) * 1000) / 1000,
        mainThreadMsPerFrame: Math.round(((v.renderMs + loopMs) / Math.max(1, v.framesUploaded)) * 100) / 100,
        workerDecodeMs: Math.round(d.decodeMs * 10) / 10,
        receivedToDrawnMs: summarize(drawLatency),
        tapToCommittedMs: summarize(tapCommit),
      }
      decoder.dispose()
      viewer.dispose()
      db.close()
      return result
    },
  }
}

let run: PreviewRun | undefined
;(window as unknown as { bench: unknown }).bench = {
  async start(cameraUrl: string, tapEveryMs: number) { run = await startPreview(cameraUrl, tapEveryMs) },
  stop: () => run!.stop(),
}

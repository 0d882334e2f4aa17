/** A camera file fetched the ways the app could, as the tablet's browser runs them. */
import { connectCamera } from '../../src/camera'
import { importInWorker } from '../../src/workers/video-import'
import { removeFile } from '../../src/media/opfs'

type Run = { bytes: number; ms: number; heapMaxMb?: number }

async function drain(stream: ReadableStream<Uint8Array>): Promise<number> {
  const reader = stream.getReader()
  let bytes = 0
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length
  return bytes
}

/** The client's Range download, read and dropped. */
async function download(baseUrl: string, fileUrl: string): Promise<Run> {
  const camera = await connectCamera({ baseUrl })
  const started = performance.now()
  const bytes = await drain(await camera.download(fileUrl))
  return { bytes, ms: performance.now() - started }
}

/** What the browser itself reaches: plain fetch, read and dropped. */
async function plainFetch(fileUrl: string): Promise<Run> {
  const started = performance.now()
  const bytes = await drain((await fetch(fileUrl)).body!)
  return { bytes, ms: performance.now() - started }
}

/** The app's full import: the client's download written into OPFS by the import worker. */
async function importWhole(baseUrl: string, fileUrl: string, size: number): Promise<Run> {
  const camera = await connectCamera({ baseUrl })
  const name = 'bench-import.mp4'
  await removeFile(name).catch(() => undefined)
  const heap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0
  let heapMax = heap()
  const sampler = setInterval(() => { heapMax = Math.max(heapMax, heap()) }, 100)
  const started = performance.now()
  try {
    const result = await importInWorker({
      name, size, reached: 0, crc: 0,
      download: (start, signal) => camera.download(fileUrl, { start }, signal),
    })
    return { bytes: result.reached, ms: performance.now() - started, heapMaxMb: heapMax / 1e6 }
  } finally {
    clearInterval(sampler)
    await removeFile(name).catch(() => undefined)
  }
}

;(window as unknown as { bench: unknown }).bench = { download, plainFetch, importWhole }

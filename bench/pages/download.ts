/** A file from the camera through the client's Range download, as the tablet's browser reads it. */
import { connectCamera } from '../../src/camera'

async function download(baseUrl: string, fileUrl: string): Promise<{ bytes: number; ms: number }> {
  const camera = await connectCamera({ baseUrl })
  const started = performance.now()
  const reader = (await camera.download(fileUrl)).getReader()
  let bytes = 0
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length
  return { bytes, ms: performance.now() - started }
}

;(window as unknown as { bench: unknown }).bench = { download }

// Runs opfs.ts against the real OPFS of the browser (Node has none); run.ts reads the outcome.
import { crc32 } from '../crc32'
import { isMediaError } from '../errors'
import { cutFragments } from '../fragments'
import { importInWorker } from '../import-worker'
import { checkSpace, fragmentWritable, readFile, removeFile, VIDEO_FOLDER } from '../opfs'
import { countingSource, httpSource } from '../source'

const NAME = 'harness.bin'
const bytes = Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 7919) % 251)

function download(start: number, stopAfter = Infinity): ReadableStream<Uint8Array> {
  let at = start
  const end = Math.min(bytes.byteLength, start + stopAfter)
  return new ReadableStream({
    pull(controller) {
      if (at >= end) return stopAfter === Infinity ? controller.close() : controller.error(new Error('link down'))
      controller.enqueue(bytes.slice(at, Math.min(end, at + 65_536)))
      at += 65_536
    },
  })
}

async function run(): Promise<Record<string, unknown>> {
  const size = bytes.byteLength
  const { quota = 0, usage = 0 } = await navigator.storage.estimate()
  const refusal = await checkSpace(quota - usage + 1).then(() => null, (e: unknown) => e)
  await checkSpace(size)

  let crc = 0
  const dropped = await importInWorker({
    name: NAME, size, reached: 0, crc: 0,
    download: async (start) => download(start, 1_000_000),
    onProgress: (p) => { crc = p.crc },
  }).then(() => null, (e: unknown) => e)
  const reached = isMediaError(dropped, 'linkDropped') ? dropped.reached ?? 0 : -1
  const storedAfterDrop = (await readFile(NAME)).size
  // A stale tail past `reached` must not survive a resume: write junk there first.
  const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle(VIDEO_FOLDER)
  const junk = await (await folder.getFileHandle(NAME)).createWritable({ keepExistingData: true })
  await junk.write({ type: 'write', position: reached, data: new Uint8Array(500_000).fill(9) })
  await junk.close()
  // Pausing right away keeps what is there.
  const pause = new AbortController()
  pause.abort()
  const paused = await importInWorker({ name: NAME, size, reached, crc, download: async (start) => download(start), signal: pause.signal })
  const done = await importInWorker({ name: NAME, size, reached, crc, download: async (start) => download(start) })
  const stored = new Uint8Array(await (await readFile(NAME)).arrayBuffer())
  await removeFile(NAME)
  return {
    ...(await fragmentPlays()),
    noSpace: isMediaError(refusal, 'noSpace') && refusal.needed === quota - usage + 1,
    reached,
    storedAfterDrop,
    state: done.state,
    pausedState: paused.state,
    crcMatches: done.crc === crc32(bytes),
    identical: stored.length === size && stored.every((b, i) => b === bytes[i]),
  }
}

/** A fragment cut from the emulator (its URL in ?clip=) into OPFS, as the browser's <video> sees it. */
async function fragmentPlays(): Promise<Record<string, unknown>> {
  const clip = new URLSearchParams(location.search).get('clip') ?? ''
  const source = countingSource(await httpSource(clip))
  await cutFragments(source, [[2.5, 4.5]], () => fragmentWritable('fragment.mp4'))
  const video = document.createElement('video')
  video.muted = true
  video.src = URL.createObjectURL(await readFile('fragment.mp4'))
  await new Promise((resolve, reject) => { video.onloadeddata = resolve; video.onerror = () => reject(new Error(`video error ${video.error?.code}`)) })
  video.currentTime = video.duration - 0.1
  await new Promise((resolve) => { video.onseeked = resolve })
  await removeFile('fragment.mp4')
  return { fragmentDuration: video.duration, fragmentWidth: video.videoWidth, fetched: source.bytesFetched, clipSize: source.size }
}

;(window as unknown as { result: Promise<Record<string, unknown>> }).result = run()

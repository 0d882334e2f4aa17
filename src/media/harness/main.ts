// Runs opfs.ts against the real OPFS of the browser (Node has none); run.ts reads the outcome.
import { isMediaError } from '../errors'
import { cutFragments } from '../fragments'
import { importFile } from '../import'
import { checkSpace, fragmentWritable, openAt, readFile, removeFile } from '../opfs'
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

  const open = (at: number) => openAt(NAME, at)
  const dropped = await importFile({ size, open, download: async (start) => download(start, 1_000_000) }).then(() => null, (e: unknown) => e)
  const reached = isMediaError(dropped, 'linkDropped') ? dropped.reached ?? 0 : -1
  const storedAfterDrop = (await readFile(NAME)).size
  // A stale tail past `reached` must not survive a resume: write junk there first.
  const junk = (await open(reached)).getWriter()
  await junk.write(new Uint8Array(500_000).fill(9))
  await junk.close()
  const done = await importFile({ size, reached, open, download: async (start) => download(start) })
  const stored = new Uint8Array(await (await readFile(NAME)).arrayBuffer())
  await removeFile(NAME)
  return {
    ...(await fragmentPlays()),
    noSpace: isMediaError(refusal, 'noSpace') && refusal.needed === quota - usage + 1,
    reached,
    storedAfterDrop,
    state: done.state,
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

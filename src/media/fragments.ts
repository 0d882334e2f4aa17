// Library: mediabunny, not mp4box.js. Both parse moov wherever it sits, but mediabunny pulls bytes from
// a random-access source itself (box headers, moov, then only the wanted samples) and muxes the copied
// packets into a plain MP4 streamed out by position; mp4box.js wants us to feed it byte ranges by hand
// and builds a written file in memory (getBuffer) or as fMP4 segments. Pure TS: browser and Node 20 alike.
import {
  ALL_FORMATS,
  CustomSource,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  Mp4OutputFormat,
  Output,
  StreamTarget,
  type EncodedPacket,
  type InputAudioTrack,
  type InputVideoTrack,
  type StreamTargetChunk,
} from 'mediabunny'
import { isMediaError, MediaError } from './errors'
import type { ByteSource } from './source'

/** [startSec, endSec] on the clip's own time line, already merged (domain/timing.ts). */
export type TimeWindow = readonly [number, number]

/** Positional writes, as a FileSystemWritableFileStream takes them: the muxer patches the mdat size. */
export type FragmentChunk = StreamTargetChunk
export type FragmentSink = (windowIndex: number) => WritableStream<FragmentChunk> | Promise<WritableStream<FragmentChunk>>

export interface CutFragment {
  /** What the file actually covers: from the keyframe at or before the window start. */
  startSec: number
  endSec: number
}

export interface CutResult {
  fragments: CutFragment[]
  /** The whole clip's real length, from its index: the truth the markers are re-fitted to. */
  durationSec: number
}

/** What the clip's index tells before anything is cut. */
export interface ClipFacts {
  durationSec: number
  /** Bytes of media data (mdat): with the duration, the bytes a window will take. */
  mediaBytes: number
}

export interface CutOptions {
  /** Called as each fragment's file is complete, so it can be recorded before the next is cut. */
  onCut?(windowIndex: number, fragment: CutFragment): void | Promise<void>
}

/**
 * Cuts each window into its own playable MP4, fetching only the index and the windows' samples.
 * The windows may depend on what the index says (markers re-fitted to the real length, the space needed).
 */
export async function cutFragments(
  source: ByteSource,
  windowsFor: readonly TimeWindow[] | ((clip: ClipFacts) => readonly TimeWindow[] | Promise<readonly TimeWindow[]>),
  sink: FragmentSink,
  options: CutOptions = {},
): Promise<CutResult> {
  const mediaBytes = await mediaDataSize(source)
  const reader = readAhead(source)
  const input = new Input({ formats: ALL_FORMATS, source: new CustomSource({ getSize: () => source.size, read: reader.read }) })
  try {
    const video = await asBadMp4(async () => {
      const track = await input.getPrimaryVideoTrack()
      if (!track) throw new MediaError('badMp4')
      return track
    })
    const audio = await asBadMp4(() => input.getPrimaryAudioTrack())
    const durationSec = await asBadMp4(() => input.computeDuration())
    reader.ahead = Math.round((mediaBytes / durationSec) * READ_AHEAD_SEC)
    const windows = typeof windowsFor === 'function' ? await windowsFor({ durationSec, mediaBytes }) : windowsFor
    const fragments: CutFragment[] = []
    for (const [i, window] of windows.entries()) {
      const output = new Output({ format: new Mp4OutputFormat({ fastStart: false }), target: new StreamTarget(await sink(i)) })
      try {
        fragments.push(await asBadMp4(() => cutOne(video, audio, window, output)))
      } catch (e) {
        await output.cancel() // lets the sink drop its half-written file
        throw e
      }
      await options.onCut?.(i, fragments[i]!)
    }
    return { fragments, durationSec }
  } finally {
    input.dispose()
  }
}

// A file cut short still parses when moov is at the start; only the top-level box sizes tell.
// Walking them costs one 16-byte read per box (ftyp, moov, mdat, free…), never the mdat itself.
// Returns the mdat bytes: the bit rate for read-ahead, not skewed by a big moov or free box.
export async function mediaDataSize(source: ByteSource): Promise<number> {
  let offset = 0
  let mdat = 0
  while (offset < source.size) {
    const header = await fetchBytes(source, offset, Math.min(source.size, offset + 16))
    if (header.byteLength < 8) throw new MediaError('badMp4')
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
    const type = String.fromCharCode(...header.subarray(4, 8))
    if (offset === 0 && type !== 'ftyp') throw new MediaError('badMp4')
    const size32 = view.getUint32(0)
    // Size 0: the last box runs to the end of the file.
    const size = size32 === 0 ? source.size - offset : size32 === 1 && header.byteLength === 16 ? Number(view.getBigUint64(8)) : size32
    if (size < 8) throw new MediaError('badMp4')
    if (type === 'mdat') mdat += size
    offset += size
  }
  if (offset !== source.size) throw new MediaError('badMp4')
  return mdat
}

// The demuxer asks for one frame at a time: 30 Range requests a second over the camera's Wi-Fi. Reading
// a quarter second ahead (at the file's mean bit rate) makes that ~4, and overshoots a window by ≤ 0.25 s.
const READ_AHEAD_SEC = 0.25

function readAhead(source: ByteSource) {
  let block: { start: number; bytes: Uint8Array } = { start: 0, bytes: new Uint8Array(0) }
  const reader = {
    /** Bytes to read past each request; 0 while the index is parsed, so only box headers and moov are read. */
    ahead: 0,
    async read(start: number, end: number): Promise<Uint8Array> {
      if (start < block.start || end > block.start + block.bytes.byteLength) {
        block = { start, bytes: await fetchBytes(source, start, Math.min(source.size, Math.max(end, start + reader.ahead))) }
      }
      return block.bytes.subarray(start - block.start, end - block.start)
    },
  }
  return reader
}

// A failing read is the link (camera gone, Wi-Fi down, aborted), never the file: say so before the
// parser's errors are all taken for badMp4.
async function fetchBytes(source: ByteSource, start: number, end: number): Promise<Uint8Array> {
  try {
    return await source.read(start, end)
  } catch (e) {
    throw isMediaError(e) ? e : new MediaError('linkDropped', { cause: e })
  }
}

// Anything the parser or muxer throws means the file is not what we can cut; our own errors (noRange,
// a dropped link) pass through so the caller can tell a broken file from a broken link.
async function asBadMp4<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (e) {
    throw e instanceof MediaError ? e : new MediaError('badMp4', { cause: e })
  }
}

async function cutOne(video: InputVideoTrack, audio: InputAudioTrack | null, [from, to]: TimeWindow, output: Output): Promise<CutFragment> {
  const videoSink = new EncodedPacketSink(video)
  const first = (await videoSink.getKeyPacket(from, { verifyKeyPackets: true })) ?? (await videoSink.getFirstKeyPacket())
  if (!first) throw new MediaError('badMp4')
  const t0 = first.timestamp

  if (!video.codec) throw new MediaError('badMp4') // a codec mediabunny does not know cannot be copied
  const videoOut = new EncodedVideoPacketSource(video.codec)
  output.addVideoTrack(videoOut, { rotation: video.rotation })
  const audioOut = audio?.codec ? new EncodedAudioPacketSource(audio.codec) : null
  if (audio && audioOut) output.addAudioTrack(audioOut)
  await output.start()

  const videoConfig = await video.getDecoderConfig()
  let end = t0
  let maxPts = -Infinity
  let isFirst = true
  for await (const packet of videoSink.packets(first)) {
    // Stop once the window end is shown and no reordered (B-)frame still has to fill a gap before it.
    if (maxPts >= to && packet.timestamp > maxPts) break
    await videoOut.add(shift(packet, t0), isFirst && videoConfig ? { decoderConfig: videoConfig } : undefined)
    isFirst = false
    maxPts = Math.max(maxPts, packet.timestamp)
    end = Math.max(end, packet.timestamp + packet.duration)
  }

  if (audio && audioOut) {
    // Audio follows the video's span; every audio packet is a key packet, so any start will do.
    const audioSink = new EncodedPacketSink(audio)
    const audioConfig = await audio.getDecoderConfig()
    const start = (await audioSink.getPacket(t0)) ?? (await audioSink.getFirstPacket())
    let isFirstAudio = true
    for await (const packet of audioSink.packets(start ?? undefined)) {
      if (packet.timestamp >= end) break
      if (packet.timestamp < t0) continue
      await audioOut.add(shift(packet, t0), isFirstAudio && audioConfig ? { decoderConfig: audioConfig } : undefined)
      isFirstAudio = false
    }
  }
  await output.finalize()
  return { startSec: t0, endSec: end }
}

function shift(packet: EncodedPacket, t0: number): EncodedPacket {
  return packet.clone({ timestamp: Math.max(0, packet.timestamp - t0) })
}

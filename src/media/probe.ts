import { ALL_FORMATS, BlobSource, Input } from 'mediabunny'
import { MediaError } from './errors'
import { mediaDataSize } from './fragments'

/**
 * The real length of a stored video, read from its index; also the check that an imported file is a
 * whole, usable MP4 (a truncated file or another format is badMp4).
 */
export async function videoDuration(file: Blob): Promise<number> {
  // The box walk catches a file cut short even where its index (at the start) still parses.
  await mediaDataSize({ size: file.size, read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()) })
  const input = new Input({ formats: ALL_FORMATS, source: new BlobSource(file) })
  try {
    if (!(await input.getPrimaryVideoTrack())) throw new MediaError('badMp4')
    const duration = await input.computeDuration()
    if (!(duration > 0)) throw new MediaError('badMp4')
    return duration
  } catch (e) {
    throw e instanceof MediaError ? e : new MediaError('badMp4', { cause: e })
  } finally {
    input.dispose()
  }
}

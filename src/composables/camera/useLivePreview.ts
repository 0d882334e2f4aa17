import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import { isCameraError, type Camera, type CameraErrorCode } from '../../camera'
import { createPreviewDecoder, type FrameSource } from '../../viewer/preview-decoder'
import { useNotices } from '../useNotices'

export type PreviewStatus = 'off' | 'opening' | 'live' | 'paused' | 'unavailable' | 'failing'

/** Tries in a row before the coach is told why there is no picture (it keeps trying meanwhile). */
const TRIES_BEFORE_TELLING = 3

/**
 * The camera's live picture as decoded frames for the viewer. Most cameras end the stream when a
 * recording starts: then it waits (`paused`) and opens again once `wanted` allows it; a broken
 * stream (Wi-Fi) is reopened with a growing pause; after a few failed tries `failing`, with the
 * camera's error in `problem` (a fault of our own is logged and shows as `internal`).
 */
export function useLivePreview(camera: Ref<Camera | null>, wanted: Ref<boolean>) {
  const status = ref<PreviewStatus>('off')
  const problem = shallowRef<{ code: CameraErrorCode | 'internal'; cameraCode?: string } | null>(null)
  // Decoded off the main thread; the viewer takes the frames from it (`frames`).
  const decoder = createPreviewDecoder()
  const notices = useNotices()

  let controller: AbortController | null = null
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let failures = 0

  function stop(next: PreviewStatus): void {
    clearTimeout(retryTimer)
    controller?.abort()
    controller = null
    status.value = next
  }

  async function run(target: Camera): Promise<void> {
    const own = new AbortController()
    controller = own
    status.value = 'opening'
    try {
      const preview = await target.openLivePreview(own.signal)
      status.value = 'live'
      failures = 0
      problem.value = null
      for (let frame = await preview.next(); frame; frame = await preview.next()) decoder.push(frame)
      const end = await preview.ended
      if (own.signal.aborted) return
      // The camera closed it on purpose (recording started, mode change): look again in a while.
      if (end.reason === 'complete') return retry(target, own, 'paused', 3000)
      throw end.error ?? new Error(end.reason)
    } catch (error) {
      if (own.signal.aborted) return
      failures++
      if (isCameraError(error)) problem.value = { code: error.code, cameraCode: error.cameraCode }
      else {
        problem.value = { code: 'internal' }
        void notices.report(error, 'live preview', { quiet: true })
      }
      retry(target, own, failures >= TRIES_BEFORE_TELLING ? 'failing' : 'opening', Math.min(8000, 500 * 2 ** failures))
    }
  }

  function retry(target: Camera, own: AbortController, meanwhile: PreviewStatus, delayMs: number): void {
    status.value = meanwhile
    retryTimer = setTimeout(() => {
      if (controller === own && wanted.value) void run(target)
    }, delayMs)
  }

  watch([camera, wanted], ([target, want]) => {
    if (!target || !target.capabilities.livePreview) return stop(target ? 'unavailable' : 'off')
    if (!want) return stop('paused')
    if (status.value === 'live' || status.value === 'opening' || status.value === 'failing') return
    stop('opening')
    void run(target)
  }, { immediate: true })

  onScopeDispose(() => {
    stop('off')
    decoder.dispose()
  })

  return { status, problem, frames: decoder as FrameSource }
}

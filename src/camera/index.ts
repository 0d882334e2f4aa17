/**
 * Rondblik's OSC camera client (THETA X/Z1/V/S/SC, Insta360, other Open Spherical Cameras).
 * Plain TypeScript: no Vue, runs in the browser and in Node 20.
 *
 * Connect and test the connection:
 *   const camera = await connectCamera({ baseUrl: 'http://192.168.1.1' })   // or a relay's URL
 *   const s = await camera.summary()   // model, firmwareVersion, apiLevel, batteryLevel 0..1, remainingSpace …
 *   camera.capabilities                // family, livePreview, previewWhileRecording, oneCommandAtATime …
 *
 * Every failure is a CameraError; pick the coach's (Dutch) text from `error.code`
 * ('unreachable' | 'timeout' | 'blocked' (+ blockedReason 'cors' | 'mixedContent') | 'busy' |
 * 'refused' (+ cameraCode, httpStatus) | 'badResponse' | 'aborted' | 'unauthorized'), never from message.
 *
 * Live preview (latest frame wins; decode off the main thread):
 *   const preview = await camera.openLivePreview(signal)
 *   for (let jpeg; (jpeg = await preview.next()); ) show(jpeg)      // Uint8Array JPEG
 *   const { reason, error } = await preview.ended                    // e.g. 'complete' when recording starts
 *
 * State and connection:
 *   const follower = camera.follow()
 *   follower.on('state', (state) => …)                               // CameraState, normalised
 *   follower.on('status', (status) => …)                             // 'connected' | 'reconnecting' | 'lost'
 *   follower.stop()
 *
 * Recording a lesson (clips on the tablet clock, next clip started when the camera stops one):
 *   const recorder = camera.recorder()
 *   recorder.on('clip', (clip) => …)       // { clipIndex, fileUrl?, requestedAt, confirmedAt, estimatedStartAt, stoppedAt?, recordedSeconds }
 *   recorder.on('connection', (status) => …)
 *   await recorder.start(); …; await recorder.stop()
 *
 * Files:
 *   const { files } = await camera.listFiles({ fileType: 'video' })   // CameraFile[] (level 1 mapped too)
 *   const { size, acceptsRanges } = await camera.probeFile(files[0].fileUrl!)
 *   const bytes = await camera.download(files[0], { start, end })     // ReadableStream<Uint8Array>, never buffered whole
 */
export { connectCamera, displayName, type ByteRange, type Camera, type CameraSummary, type ConnectOptions } from './camera'
export type { CameraCapabilities, ModelFamily } from './capabilities'
export { systemClock, type Clock } from './clock'
export type { FileType, ListFilesParams } from './commands'
export { CameraError, isCameraError, type BlockedReason, type CameraErrorCode } from './errors'
export type { FileProbe } from './files'
// For a worker that reads the preview stream itself: the same latest-wins reader and its parser.
export { readLivePreview, type LivePreview, type PreviewEnd, type PreviewStats } from './live-preview'
export { createPreviewParser, type PreviewParser } from './preview-parser'
export type { CameraFile, CameraInfo, CameraOptions, CameraState, CameraWarning, CaptureStatus, FileList, PreviewFormat } from './parse'
export type { RecordedClip, Recorder, RecorderOptions, RecorderPhase } from './recorder'
export type { ConnectionStatus, StateFollower, StateFollowerOptions } from './state-follower'
export { createFetchTransport, type CameraRequest, type CameraTransport, type FetchTransportOptions } from './transport'

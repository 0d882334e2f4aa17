// The messages between the viewer's preview decoder (viewer/preview-decoder.ts) and
// preview-decoder.worker.ts: types only, so the worker needs nothing of the viewer.

/** A decoded picture as RGBA bytes, top row first: what the preview decoder hands the viewer. */
export interface PixelFrame {
  width: number
  height: number
  pixels: Uint8ClampedArray
}

export interface PreviewJob {
  seq: number
  /** Main-thread clock at push, echoed back. */
  receivedAt: number
  bytes: ArrayBuffer
}

export type PreviewResult =
  | { kind: 'frame'; seq: number; receivedAt: number; frame: PixelFrame; decodeMs: number; dropped: number }
  | { kind: 'error'; seq: number; receivedAt: number; dropped: number }

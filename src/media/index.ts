// The media engine: fragments cut over Range, the full import, OPFS storage. No Vue: a store drives it;
// the full import's writing runs in workers/video-import.ts.
export { isMediaError, MediaError, storageError, type MediaErrorCode } from './errors'
export { cutFragments, type ClipFacts, type CutFragment, type CutOptions, type CutResult, type FragmentChunk, type FragmentSink, type TimeWindow } from './fragments'
export { importFile, type ImportOptions, type ImportProgress, type ImportResult } from './import'
export { checkSpace, fragmentWritable, readFile, removeAllFiles, removeFile, VIDEO_FOLDER } from './opfs'
export { cameraSource, countingSource, httpSource, type ByteSource, type CountingSource } from './source'
export { videoDuration } from './probe'

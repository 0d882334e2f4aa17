// The media engine: fragments cut over Range, the full import, OPFS storage. No Vue: a store drives it.
export { isMediaError, MediaError, type MediaErrorCode } from './errors'
export { cutFragments, type CutFragment, type FragmentChunk, type FragmentSink, type TimeWindow } from './fragments'
export { importFile, type ImportOptions, type ImportProgress, type ImportResult } from './import'
export { checkSpace, fragmentWritable, openAt, readFile, removeAllFiles, removeFile } from './opfs'
export { cameraSource, countingSource, httpSource, type ByteSource, type CountingSource } from './source'

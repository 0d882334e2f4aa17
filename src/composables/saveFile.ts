/** Hands a file to the browser, which saves it (or, on a tablet, offers to open or share it). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // The download has taken its copy once the click is handled; give it a moment on slow tablets.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Characters no file system accepts, and runs of space, out of a file name. */
export function fileName(base: string, extension: string): string {
  return `${base.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '').replace(/\s+/g, ' ').trim()}.${extension}`
}

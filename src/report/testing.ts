import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface PdfContents {
  /** Every page's text, items joined by line breaks. */
  text: string
  pages: number
  /** Image objects in the file (each still is one). */
  images: number
}

/** Reads a PDF back the way a reader would (pdf.js), for unit and e2e tests. */
export async function readPdf(bytes: Uint8Array): Promise<PdfContents> {
  const images = new TextDecoder('latin1').decode(bytes).match(/\/Subtype \/Image\b/g)?.length ?? 0
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise
  const texts: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    texts.push(content.items.map((i) => ('str' in i ? i.str : '')).join('\n'))
  }
  return { text: texts.join('\n'), pages: pdf.numPages, images }
}

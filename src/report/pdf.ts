// jsPDF: actively maintained, bundles offline with its built-in standard fonts, embeds JPEG as is and
// wraps text (splitTextToSize); pdf-lib, the other candidate, has had no release since 2021.
import { jsPDF } from 'jspdf'
import type { DocItem, ReportDocument } from './document'

const PAGE = { width: 210, height: 297, margin: 18 }
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin
const BOTTOM = PAGE.height - PAGE.margin
const LINE = 4.8
const STILL = { width: 72, height: 40.5, gap: 5 }
const BRAND: [number, number, number] = [31, 78, 95]

// The built-in fonts speak WinAnsi only: Latin-1 plus these. Any other character would turn the
// whole line into garbage, so it loses its accent (ł → l) or becomes '?'.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
const fitsWinAnsi = (c: string) => {
  const code = c.codePointAt(0)!
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c)
}

export function winAnsi(text: string): string {
  return Array.from(text.replace(/\t/g, ' '), (c) => {
    if (c === '\n' || fitsWinAnsi(c)) return c
    const base = c.normalize('NFKD').replace(/\p{M}/gu, '')
    return base !== '' && Array.from(base).every(fitsWinAnsi) ? base : '?'
  }).join('').replace(/\r\n?/g, '\n')
}

/** Lays a report document out on A4 pages and returns the PDF file. */
export function reportPdf(doc: ReportDocument): Blob {
  const pdf = new jsPDF({ unit: 'mm', format: 'a4', compress: true })
  pdf.setProperties({ title: winAnsi(doc.title), creator: 'Rondblik' })
  let y = PAGE.margin

  const font = (style: 'normal' | 'bold', size: number, color: [number, number, number] = [0, 0, 0]) => {
    pdf.setFont('helvetica', style)
    pdf.setFontSize(size)
    pdf.setTextColor(...color)
  }
  const wrap = (text: string, width: number): string[] => pdf.splitTextToSize(winAnsi(text), width) as string[]
  const room = (height: number) => {
    if (y + height <= BOTTOM) return
    pdf.addPage()
    y = PAGE.margin
  }
  /** Lines at x, each moved to a new page when it would cross the bottom. */
  const lines = (texts: string[], x: number, lineHeight = LINE) => {
    for (const text of texts) {
      room(lineHeight)
      pdf.text(text, x, y, { baseline: 'top' })
      y += lineHeight
    }
  }

  font('bold', 18, BRAND)
  lines(wrap(doc.title, CONTENT_WIDTH), PAGE.margin, 8)
  y += 2
  for (const [label, value] of doc.facts) {
    font('bold', 10)
    const top = y
    pdf.text(winAnsi(label), PAGE.margin, y, { baseline: 'top' })
    font('normal', 10)
    y = top
    lines(wrap(value, CONTENT_WIDTH - 45), PAGE.margin + 45)
  }

  const item = (entry: DocItem) => {
    const still = entry.still
    const x = still ? PAGE.margin + STILL.width + STILL.gap : PAGE.margin
    const width = PAGE.margin + CONTENT_WIDTH - x
    font('bold', 10.5)
    const title = entry.title ? wrap(entry.title, width) : []
    font('normal', 10)
    const body = entry.lines.flatMap((line) => wrap(line, width))
    // A still and the start of its text stay together on one page.
    room(still ? STILL.height : LINE * Math.min(2, title.length + body.length))
    const top = y
    const topPage = pdf.getNumberOfPages()
    if (still) {
      if (still.jpeg === null) {
        pdf.setDrawColor(160)
        pdf.setFillColor(240, 240, 240)
        pdf.rect(PAGE.margin, y, STILL.width, STILL.height, 'FD')
        font('normal', 9, [90, 90, 90])
        pdf.text(wrap(still.reason, STILL.width - 8), PAGE.margin + STILL.width / 2, y + STILL.height / 2, { align: 'center', baseline: 'middle' })
      } else pdf.addImage(still.jpeg, 'JPEG', PAGE.margin, y, STILL.width, STILL.height)
    }
    font('bold', 10.5)
    lines(title, x)
    font('normal', 10)
    lines(body, x)
    if (still && pdf.getNumberOfPages() === topPage && y < top + STILL.height) y = top + STILL.height
    y += 3
  }

  for (const section of doc.sections) {
    y += 4
    room(8 + LINE * 2)
    font('bold', 13, BRAND)
    pdf.text(winAnsi(section.heading), PAGE.margin, y, { baseline: 'top' })
    y += 6.5
    pdf.setDrawColor(...BRAND)
    pdf.line(PAGE.margin, y - 1, PAGE.margin + CONTENT_WIDTH, y - 1)
    y += 1.5
    for (const entry of section.items) item(entry)
  }

  const pages = pdf.getNumberOfPages()
  for (let page = 1; page <= pages; page++) {
    pdf.setPage(page)
    font('normal', 8, [110, 110, 110])
    pdf.text(winAnsi(`${doc.footer} · ${page}/${pages}`), PAGE.margin, PAGE.height - 10, { baseline: 'top' })
  }
  return pdf.output('blob')
}

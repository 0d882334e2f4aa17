import { describe, expect, it } from 'vitest'
import jpeg from 'jpeg-js'
import type { ReportDocument } from './document'
import { reportPdf, winAnsi } from './pdf'
import { readPdf } from './testing'

function tinyJpeg(): string {
  const width = 16
  const height = 9
  const data = Buffer.alloc(width * height * 4, 200)
  return `data:image/jpeg;base64,${Buffer.from(jpeg.encode({ data, width, height }, 80).data).toString('base64')}`
}

const read = async (blob: Blob) => readPdf(new Uint8Array(await blob.arrayBuffer()))

const doc = (over: Partial<ReportDocument> = {}): ReportDocument => ({
  title: 'Verslag nagesprek',
  facts: [['Coachee', 'Sanne de Vries'], ['Cyclus', '2']],
  sections: [
    { heading: 'Hulpvragen', items: [{ title: 'Hoe houd ik de aandacht vast?', lines: ['Status: Opgelost', 'Evaluatie: beter'] }] },
    {
      heading: 'Gekozen momenten',
      items: [
        { title: '1. Parel — deel 1, 0:04', lines: ['Wat deed je hier?', 'Ik wachtte tot het stil was'], still: { jpeg: tinyJpeg() } },
        { title: '2. Puzzel — deel 1, 0:07', lines: ['Geen antwoorden genoteerd.'], still: { jpeg: null, reason: 'Geen video op deze tablet' } },
      ],
    },
    { heading: 'Afspraken', items: [{ lines: ['Elke les een stilteteken — één afspraak'] }] },
  ],
  footer: 'Gemaakt met Rondblik',
  ...over,
})

describe('reportPdf', () => {
  it('holds every section, its texts and one image per still', async () => {
    const { text, images, pages } = await read(reportPdf(doc()))
    for (const expected of ['Verslag nagesprek', 'Sanne de Vries', 'Hulpvragen', 'Status: Opgelost', 'Gekozen momenten', '1. Parel — deel 1, 0:04',
      'Ik wachtte tot het stil was', 'Geen video op deze tablet', 'Afspraken', 'Elke les een stilteteken — één afspraak', 'Gemaakt met Rondblik · 1/1']) {
      expect(text).toContain(expected)
    }
    expect(images).toBe(1)
    expect(pages).toBe(1)
  })

  it('flows long text onto further pages, numbering them all', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `Afspraak ${i + 1}: elke les begint met een stilteteken en een korte terugblik.`)
    const { text, pages } = await read(reportPdf(doc({ sections: [{ heading: 'Afspraken', items: [{ lines: long }] }] })))
    expect(pages).toBeGreaterThan(2)
    expect(text).toContain('Afspraak 120:')
    expect(text).toContain(`· ${pages}/${pages}`)
  })
})

describe('winAnsi', () => {
  it('keeps Dutch and typographic characters, simplifies or replaces the rest', () => {
    expect(winAnsi('één – “stil” … ë · 40° €')).toBe('één – “stil” … ë · 40° €')
    expect(winAnsi('Łódź ő 😀\tx')).toBe('?ódz o ? x')
  })
})

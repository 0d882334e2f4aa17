import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import jpeg from 'jpeg-js'
import { startEmulator, type Emulator } from '../emulator/index'
import { listTexts } from './support/coach'
import { angleBetween, readTable, recordVisit as recordOn, yawOnScreen } from './support/visit'
import { frameOnScreen, placeFullFile } from './support/media'
import type { FollowUp, HelpQuestion, LessonGoal, Marker, Recording } from '../src/domain/model'
import { formatDuration } from '../src/i18n/format'
import { readPdf } from '../src/report/testing'

// A real visit is recorded first, then talked through, then a report rendered: slow on two shared cores.
test.describe.configure({ timeout: 480_000 })

let camera: Emulator
test.afterEach(async () => { await camera?.close() })

const PLAYER = /360°-beeld van de opname/
const HELP_QUESTION = 'Hoe houd ik de aandacht vast?'
const byTap = (markers: Marker[]) => [...markers].sort((a, b) => a.tappedAt - b.tappedAt)
const kindName = (m: Marker) => (m.kind === 'pearl' ? 'Parel' : 'Puzzel')

/** A short real visit (≈ 6 s) with three taps, the tag sheet closed after each; ends on the review screen. */
async function recordVisit(page: Page): Promise<void> {
  camera = await startEmulator({ model: 'theta-x', cors: true })
  const taps = [{ kind: 'Parel', atSec: 1.5 }, { kind: 'Puzzel', atSec: 3 }, { kind: 'Parel', atSec: 4.5 }] as const
  await recordOn(page, camera, [...taps], { lengthSec: 6, helpQuestion: HELP_QUESTION, closeSheet: true })
  await page.getByRole('button', { name: 'Naar terugkijken' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Terugkijken — cyclus 1' })).toBeVisible()
}

/**
 * Gives the markers (in tap order) these view directions, straight in IndexedDB: capturing the view
 * at a tap is the visit's test; here each moment must look another way, away from the room's
 * landmarks (every 90°), so the colour of a picture says its direction. Reload the screen after.
 */
async function setViews(page: Page, markers: Marker[], views: Marker['view'][]): Promise<Marker[]> {
  const changed = markers.map((m, i) => ({ ...m, view: views[i]! }))
  await page.evaluate((records) => new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('rondblik')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const tx = open.result.transaction('markers', 'readwrite')
      for (const record of records) tx.objectStore('markers').put(record)
      tx.oncomplete = () => { open.result.close(); resolve() }
      tx.onerror = () => reject(tx.error)
    }
  }), changed)
  return changed
}

/** The player's frame once it has settled on `offsetSec` (the emulator stamps its clock into every frame). */
async function expectMoment(page: Page, marker: Marker): Promise<void> {
  await page.getByRole('application', { name: PLAYER }).scrollIntoViewIfNeeded()
  await expect.poll(async () => {
    const frame = await frameOnScreen(page)
    return frame.stampMs === null ? Infinity : Math.abs(frame.stampMs - marker.offsetSec! * 1000)
  }, { timeout: 20_000 }).toBeLessThanOrEqual(500)
  await expect.poll(async () => {
    const yaw = await yawOnScreen(page, PLAYER)
    return yaw === null ? Infinity : angleBetween(yaw, marker.view!.yaw)
  }, { timeout: 10_000 }).toBeLessThan(2)
}

/** The JPEG images inside a PDF, in file order (jsPDF stores them as they are: DCTDecode). */
function jpegsIn(bytes: Uint8Array): Uint8Array[] {
  const found: Uint8Array[] = []
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] !== 0xff || bytes[i + 1] !== 0xd8 || bytes[i + 2] !== 0xff) continue
    let end = i + 2
    while (end + 1 < bytes.length && !(bytes[end] === 0xff && bytes[end + 1] === 0xd9)) end++
    found.push(bytes.subarray(i, end + 2))
    i = end
  }
  return found
}

/** The yaw the middle of a still shows: the emulator paints hue = yaw + 180 (emulator/panorama.ts). */
function yawOfStill(image: Uint8Array): number | null {
  const { data, width, height } = jpeg.decode(image, { useTArray: true })
  const hues: number[] = []
  for (let y = height / 2 - 8; y < height / 2 + 8; y++) {
    for (let x = width / 2 - 8; x < width / 2 + 8; x++) {
      const i = (y * width + x) * 4
      const [r, g, b] = [data[i]! / 255, data[i + 1]! / 255, data[i + 2]! / 255]
      const max = Math.max(r, g, b)
      const min = Math.min(r, g, b)
      if (max < 0.5 || max - min < 0.25) continue
      const h = max === r ? ((g - b) / (max - min)) % 6 : max === g ? (b - r) / (max - min) + 2 : (r - g) / (max - min) + 4
      hues.push(((h * 60) + 360) % 360)
    }
  }
  if (hues.length < 20) return null
  hues.sort((a, b) => a - b)
  return hues[Math.floor(hues.length / 2)]! - 180
}

test('nagesprek: fragments in order at their view, answers kept, evaluations, PDF and CSV, next cycle', async ({ page }) => {
  await recordVisit(page)
  const [clip] = await readTable<Recording>(page, 'recordings')
  await placeFullFile(page, clip!)
  const tapped = byTap(await readTable<Marker>(page, 'markers'))
  expect(tapped).toHaveLength(3)
  const markers = await setViews(page, tapped, [{ yaw: 40, pitch: 12, fov: 75 }, { yaw: 130, pitch: -12, fov: 75 }, { yaw: -50, pitch: 0, fov: 75 }])
  await page.reload()

  // The coach chose the last pearl first, then the puzzle (the first pearl stays out).
  const [, puzzle, pearl] = markers as [Marker, Marker, Marker]
  for (const m of [pearl, puzzle]) {
    await page.getByRole('button', { name: `Voor het nagesprek: ${kindName(m)} · deel 1 · ${formatDuration(m.offsetSec!)}` }).click()
  }
  await expect.poll(async () => (await readTable<Marker>(page, 'markers')).filter((m) => m.chosen).map((m) => [m.id, m.chosenOrder]).sort())
    .toEqual([[pearl.id, 0], [puzzle.id, 1]].sort())
  await page.getByRole('link', { name: 'Naar het nagesprek' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nagesprek — cyclus 1' })).toBeVisible()

  // Fragment 1 is the pearl, shown at its moment and in the direction it was tagged.
  const fragments = page.getByRole('navigation', { name: 'Fragmenten in volgorde' })
  await expect(fragments.getByRole('button')).toHaveText(['1. Parel', '2. Puzzel'])
  await expect(page.getByRole('heading', { name: /Fragment 1 van 2 · Parel/ })).toBeVisible()
  await expect(page.getByText('De video van dit fragment staat niet op deze tablet.')).toBeHidden()
  await expectMoment(page, pearl)

  // Nothing discussed yet: the checklist says so, without blocking anything.
  const gaps = page.getByRole('region', { name: 'Nog niet besproken' })
  await expect(gaps).toContainText('Nog geen afspraken')
  await expect(gaps).toContainText(`Hulpvraag “${HELP_QUESTION}”: nog geen evaluatie`)

  // The pearl's questions, and one of the coach's own asked on the spot.
  await page.getByLabel('Wat deed je hier?').fill('Ik wachtte tot iedereen stil was')
  await page.getByLabel('Hoe kreeg je dat voor elkaar?').fill('Met het stilteteken')
  await page.getByLabel('Eigen vraag').fill('Wat zag je bij de leerlingen?')
  await page.getByRole('button', { name: 'Vraag toevoegen' }).click()
  await page.getByLabel('Wat zag je bij de leerlingen?').fill('Ze keken naar mij')

  // Fragment 2: the puzzle, at its own moment and view, with the puzzle's question.
  await page.getByRole('button', { name: 'Volgend fragment' }).click()
  await expect(page.getByRole('heading', { name: /Fragment 2 van 2 · Puzzel/ })).toBeVisible()
  await expectMoment(page, puzzle)
  await expect(page.getByLabel('Hoe kreeg je dat voor elkaar?')).toHaveCount(0)
  await page.getByLabel('Zijn er dingen die je nu anders zou doen?').fill('Eerder de groep verdelen')

  // The help question: solved, then back to open (it goes on next cycle), with its evaluation.
  const question = page.getByRole('group', { name: HELP_QUESTION })
  await question.getByRole('radio', { name: 'Opgelost' }).click()
  await expect.poll(async () => (await readTable<HelpQuestion>(page, 'helpQuestions'))[0]!.status).toBe('solved')
  await question.getByRole('radio', { name: 'Open' }).click()
  await expect.poll(async () => (await readTable<HelpQuestion>(page, 'helpQuestions'))[0]!.status).toBe('open')
  await question.getByLabel('Evaluatie').fill('Beter: de stilte-afspraak helpt, de overgangen nog niet.')

  // The lesson goal, evaluated again in the conversation.
  await page.getByRole('radiogroup', { name: 'Evaluatie lesdoel 1' }).getByRole('radio', { name: 'Deels' }).click()
  await page.getByLabel('Toelichting bij lesdoel 1').fill('Twee leerlingen deden niet mee.')

  await page.getByLabel('Conclusies', { exact: true }).fill('Rust vooraf werkt.')
  await page.getByLabel('Afspraken', { exact: true }).fill('Elke les begint met het stilteteken.')
  await page.getByLabel('Volgende stappen', { exact: true }).fill('Volgende keer filmen we de overgangen.')
  await page.getByLabel('Volgende stappen', { exact: true }).blur()

  await expect.poll(async () => (await readTable<FollowUp>(page, 'followUps'))[0], { timeout: 10_000 }).toMatchObject({
    conclusions: 'Rust vooraf werkt.', agreements: 'Elke les begint met het stilteteken.', nextSteps: 'Volgende keer filmen we de overgangen.',
    fragments: expect.arrayContaining([
      { markerId: pearl.id, answers: [
        { question: 'Wat deed je hier?', answer: 'Ik wachtte tot iedereen stil was' },
        { question: 'Hoe kreeg je dat voor elkaar?', answer: 'Met het stilteteken' },
        { question: 'Wat zag je bij de leerlingen?', answer: 'Ze keken naar mij' },
      ] },
      { markerId: puzzle.id, answers: [
        { question: 'Wat deed je hier?', answer: '' },
        { question: 'Zijn er dingen die je nu anders zou doen?', answer: 'Eerder de groep verdelen' },
      ] },
    ]),
  })
  await expect.poll(async () => (await readTable<HelpQuestion>(page, 'helpQuestions'))[0]!.evaluation).toContain('stilte-afspraak')
  await expect.poll(async () => (await readTable<LessonGoal>(page, 'lessonGoals'))[0]).toMatchObject({ evaluation: 'partly', evaluationNote: 'Twee leerlingen deden niet mee.' })
  await expect(gaps).toContainText('Alles is besproken.')

  // A reload keeps every answer.
  await page.reload()
  await expect(page.getByLabel('Wat deed je hier?')).toHaveValue('Ik wachtte tot iedereen stil was')
  await expect(page.getByLabel('Wat zag je bij de leerlingen?')).toHaveValue('Ze keken naar mij')
  await expect(page.getByLabel('Afspraken', { exact: true })).toHaveValue('Elke les begint met het stilteteken.')
  await page.getByRole('button', { name: '2. Puzzel' }).click()
  await expect(page.getByLabel('Zijn er dingen die je nu anders zou doen?')).toHaveValue('Eerder de groep verdelen')

  // The markers as CSV: one row per marker, for Dutch Excel.
  const [csvFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markeringen (CSV)' }).click()])
  expect(csvFile.suggestedFilename()).toMatch(/^Markeringen Sanne de Vries cyclus 1.*\.csv$/)
  const csv = await readFile(await csvFile.path(), 'utf8')
  expect(csv.charCodeAt(0)).toBe(0xfeff)
  const [header, ...rows] = csv.slice(1).trimEnd().split('\r\n').map((line) => line.split(';'))
  expect(header).toEqual(['Soort', 'Tijd (tablet)', 'Deel', 'Bestand', 'Seconde in opname', 'Kijkrichting (°)', 'Hoogte (°)', 'Beeldhoek (°)', 'Kijkwijzer', 'Hulpvraag', 'Notitie', 'Gekozen', 'Volgorde'])
  expect(rows).toHaveLength(3)
  expect(rows.map((r) => [r[0], r[2], r[11], r[12]])).toEqual([['Parel', '1', 'nee', ''], ['Puzzel', '1', 'ja', '2'], ['Parel', '1', 'ja', '1']])
  markers.forEach((m, i) => expect(Number(rows[i]![4]!.replace(',', '.'))).toBeCloseTo(m.offsetSec!, 2))
  expect(rows[0]![3]).toBe(clip!.cameraFileUrl!.split('/').pop())

  // The report as PDF: every section, the answers, and a still per chosen moment at its view.
  const [pdfFile] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByRole('button', { name: 'Verslag (PDF)' }).click()])
  expect(pdfFile.suggestedFilename()).toMatch(/^Nagesprek Sanne de Vries cyclus 1.*\.pdf$/)
  const bytes = new Uint8Array(await readFile(await pdfFile.path()))
  const pdf = await readPdf(bytes)
  for (const text of [
    'Verslag nagesprek', 'Sanne de Vries', 'Hulpvragen', HELP_QUESTION, 'Status: Open', 'Evaluatie: Beter: de stilte-afspraak helpt',
    'Kijkwijzer', 'Getikt: 2 parels, 1 puzzels', 'Lesdoelen', 'Iedereen doet mee met de warming-up.', 'Deels', 'Twee leerlingen deden niet mee.',
    'Gekozen momenten', `1. Parel — deel 1, ${formatDuration(pearl.offsetSec!)}`, `2. Puzzel — deel 1, ${formatDuration(puzzle.offsetSec!)}`,
    'Antwoord: Ik wachtte tot iedereen stil was', 'Vraag: Wat zag je bij de leerlingen?', 'Antwoord: Eerder de groep verdelen',
    'Conclusies', 'Rust vooraf werkt.', 'Afspraken', 'Elke les begint met het stilteteken.', 'Volgende stappen', 'Volgende keer filmen we de overgangen.',
  ]) expect(pdf.text).toContain(text)
  // Only the chosen moments: the first pearl was left out.
  expect(pdf.text).not.toMatch(/3\. (Parel|Puzzel) —/)
  expect(pdf.images).toBe(2)
  const stills = jpegsIn(bytes)
  expect(stills).toHaveLength(2)
  const yaws = stills.map(yawOfStill)
  test.info().annotations.push({ type: 'still yaws', description: JSON.stringify({ stills: yaws, markers: [pearl.view!.yaw, puzzle.view!.yaw] }) })
  expect(angleBetween(yaws[0]!, pearl.view!.yaw)).toBeLessThan(5)
  expect(angleBetween(yaws[1]!, puzzle.view!.yaw)).toBeLessThan(5)

  // Round off, and on to the next cycle with the open help question.
  await page.getByRole('button', { name: 'Nagesprek afronden' }).click()
  await expect(page.getByText('Nagesprek afgerond')).toBeVisible()
  await expect(page.getByText(`Deze hulpvragen gaan mee naar de volgende cyclus: “${HELP_QUESTION}”`)).toBeVisible()
  await page.getByRole('button', { name: 'Nieuwe cyclus' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Intake — cyclus 2' })).toBeVisible()
  expect(await listTexts(page, 'Hulpvragen')).toEqual([HELP_QUESTION])
  const [carried] = await readTable<HelpQuestion>(page, 'helpQuestions')
  expect(carried!.cycleIds).toHaveLength(2)
})

import { readFile } from 'node:fs/promises'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { startEmulator, type Emulator } from '../emulator/index'
import { addCoachee, addToList, startTrajectoryAndOpenIntake } from './support/coach'
import { readTable, useCamera } from './support/visit'
import type { Lesson, Recording } from '../src/domain/model'
import { readPdf } from '../src/report/testing'

let camera: Emulator | undefined

test.afterEach(async () => { await camera?.close() })

async function stop(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop opname' }).click()
  await page.getByRole('button', { name: 'Ja, stop de opname' }).click()
  await expect(page.getByRole('dialog', { name: 'Samenvatting van het lesbezoek' })).toBeVisible({ timeout: 120_000 })
}

test('consent for filming: asked before the first recording, a dismissal records nothing and loses nothing, kept in the summary and the report', async ({ page }) => {
  test.setTimeout(240_000)
  camera = await startEmulator({ model: 'theta-x', cors: true })
  await useCamera(page, camera.url)
  await addCoachee(page, 'Sanne de Vries')
  await startTrajectoryAndOpenIntake(page)
  const cycle = new URL(page.url()).pathname.split('/')[2]!
  await addToList(page, 'Hulpvragen', 'Hulpvraag toevoegen', 'Hoe houd ik de aandacht vast?')
  await page.getByRole('button', { name: 'Intake afronden' }).click()
  await page.getByRole('link', { name: 'Naar het lesbezoek' }).click()
  await expect(page.getByText('Camera verbonden')).toBeVisible()
  await expect(page.getByText('Toestemming nog niet bevestigd')).toBeVisible()

  // Start without consent: the dialog, not a recording. The note is kept as typed; dismissing loses it not.
  await page.getByRole('button', { name: 'Start opname' }).click()
  const dialog = page.getByRole('dialog', { name: 'Toestemming voor het filmen' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toBeFocused()
  const { violations } = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  await dialog.getByLabel('Leerlingen die niet in beeld mogen (niet verplicht)').fill('Daan en Noor (achterste rij)')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.getByRole('button', { name: 'Start opname' }).click()
  await dialog.getByRole('button', { name: 'Annuleren' }).click()
  await expect(dialog).toBeHidden()
  await expect.poll(async () => (await readTable<Lesson>(page, 'lessons'))[0]?.consentNote).toBe('Daan en Noor (achterste rij)')
  expect((await readTable<Lesson>(page, 'lessons'))[0]!.consentConfirmedAt ?? null).toBeNull()
  expect(camera.status().recording ?? null).toBeNull()
  expect(await readTable<Recording>(page, 'recordings')).toEqual([])
  await expect(page.getByText('Niet in beeld: Daan en Noor (achterste rij)')).toBeVisible()

  // After a reload the note is still there; confirming starts the recording.
  await page.reload()
  await expect(page.getByText('Camera verbonden')).toBeVisible()
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect(dialog.getByLabel('Leerlingen die niet in beeld mogen (niet verplicht)')).toHaveValue('Daan en Noor (achterste rij)')
  await dialog.getByRole('button', { name: 'Toestemming is in orde — start opname' }).click()
  await expect(dialog).toBeHidden()
  await expect.poll(() => camera!.status().recording?.elapsedMs ?? 0, { timeout: 30_000 }).toBeGreaterThan(1000)
  expect((await readTable<Lesson>(page, 'lessons'))[0]!.consentConfirmedAt).toEqual(expect.any(Number))
  await stop(page)

  const summary = page.getByRole('dialog', { name: 'Samenvatting van het lesbezoek' })
  await expect(summary.getByText(/^✓ Toestemming in orde \(bevestigd /)).toBeVisible()
  await expect(summary.getByText('Niet in beeld: Daan en Noor (achterste rij)')).toBeVisible()

  // A further clip of the same visit is not asked again.
  await summary.getByRole('button', { name: 'Sluiten' }).click()
  await page.getByRole('button', { name: 'Start opname' }).click()
  await expect.poll(() => camera!.status().recording?.elapsedMs ?? 0, { timeout: 30_000 }).toBeGreaterThan(500)
  await expect(dialog).toBeHidden()
  await stop(page)

  // The report says so.
  await page.goto(`/cycle/${cycle}/follow-up`)
  const [pdfFile] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByRole('button', { name: 'Verslag (PDF)' }).click()])
  const pdf = await readPdf(new Uint8Array(await readFile(await pdfFile.path())))
  for (const text of ['Toestemming filmen', 'Toestemming in orde (bevestigd', 'Niet in beeld', 'Daan en Noor (achterste rij)']) expect(pdf.text).toContain(text)
})

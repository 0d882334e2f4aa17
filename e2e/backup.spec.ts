import { expect, test, type Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { addCoachee, addToList, startTrajectoryAndOpenIntake } from './support/coach'

/** A plain export: only after the warning that anyone who finds the file can read it. */
async function exportAll(page: Page): Promise<{ tables: Record<string, unknown[]> } & Record<string, unknown>> {
  await page.goto('/settings')
  await page.getByRole('button', { name: 'Exporteer alles' }).click()
  await page.getByRole('button', { name: 'Zonder wachtwoord exporteren…' }).click()
  await expect(page.getByRole('alertdialog')).toContainText('kan iedereen die het bestand vindt alle namen')
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Ja, onversleuteld exporteren' }).click()
  return JSON.parse(await readFile(await (await download).path(), 'utf8'))
}

async function exportEncrypted(page: Page, password: string): Promise<{ name: string; content: Buffer }> {
  await page.goto('/settings')
  await page.getByRole('button', { name: 'Exporteer alles' }).click()
  await page.getByLabel('Wachtwoord voor de back-up').fill(password)
  await page.getByLabel('Herhaal het wachtwoord').fill(password)
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Versleuteld exporteren' }).click()
  const file = await download
  return { name: file.suggestedFilename(), content: await readFile(await file.path()) }
}

async function importFile(page: Page, name: string, content: string | Buffer): Promise<void> {
  await page.goto('/settings')
  await page.getByLabel('Importeer').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) })
}

test('export, delete all, import: everything is back as it was', async ({ page }) => {
  await addCoachee(page, 'Bram Bakker', 'Pabo Utrecht')
  await startTrajectoryAndOpenIntake(page)
  await addToList(page, 'Hulpvragen', 'Hulpvraag toevoegen', 'Hoe start ik de les rustig?')
  await addToList(page, 'Lesdoelen (OGB)', 'Lesdoel toevoegen', 'Iedereen weet wat we gaan doen.')
  await addCoachee(page, 'Fatima El Amrani')

  const before = await exportAll(page)
  expect(before.format).toBe('rondblik-backup')
  expect(before.tables.coachees).toHaveLength(2)

  await page.getByRole('button', { name: 'Alle gegevens wissen' }).click()
  await page.getByRole('button', { name: 'Ja, alles wissen' }).click()
  await expect(page.getByText('Alle gegevens zijn gewist.')).toBeVisible()
  await page.goto('/')
  await expect(page.getByText('Nog geen coachees.')).toBeVisible()

  await importFile(page, 'backup.json', JSON.stringify(before))
  await expect(page.getByRole('status').filter({ hasText: 'Import klaar' })).toBeVisible()
  const after = await exportAll(page)
  expect(after.tables).toEqual(before.tables)

  await page.goto('/')
  await expect(page.getByRole('link', { name: /Bram Bakker/ })).toBeVisible()
})

test('a broken or foreign file is explained and changes nothing', async ({ page }) => {
  await addCoachee(page, 'Lotte Visser')
  const before = await exportAll(page)

  await importFile(page, 'kapot.json', JSON.stringify(before).slice(0, 200))
  await expect(page.getByRole('alert')).toContainText('geen geldige JSON')

  await importFile(page, 'ander.json', JSON.stringify({ hello: 'world' }))
  await expect(page.getByRole('alert')).toContainText('komt niet van Rondblik')

  // One good new record and one bad one: the good one must not slip in either.
  const damaged = structuredClone(before)
  const coachees = damaged.tables.coachees as Record<string, unknown>[]
  coachees.unshift({ ...coachees[0], id: '01900000-0000-7000-8000-000000000001', name: 'Nieuw' })
  coachees[1]!.name = 42
  await importFile(page, 'beschadigd.json', JSON.stringify(damaged))
  await expect(page.getByRole('alert')).toContainText('beschadigd')

  const after = await exportAll(page)
  expect(after.tables).toEqual(before.tables)
})

test('encrypted export: asks a password, the file reads as nothing, import needs the same password', async ({ page }) => {
  await addCoachee(page, 'Noor de Vries', 'Pabo Utrecht')

  await page.goto('/settings')
  await page.getByRole('button', { name: 'Exporteer alles' }).click()
  await page.getByLabel('Wachtwoord voor de back-up').fill('kort')
  await page.getByLabel('Herhaal het wachtwoord').fill('kort')
  await page.getByRole('button', { name: 'Versleuteld exporteren' }).click()
  await expect(page.getByRole('alert')).toContainText('minstens 8 tekens')

  const file = await exportEncrypted(page, 'appelboom in de gymzaal')
  expect(file.name).toMatch(/^rondblik-export-\d{4}-\d{2}-\d{2}\.rondblik$/)
  expect(file.content.subarray(0, 26).toString('utf8')).toBe('rondblik-backup-encrypted\n')
  expect(file.content.includes(Buffer.from('Noor'))).toBe(false)
  expect(file.content.includes(Buffer.from('Pabo'))).toBe(false)

  await page.getByRole('button', { name: 'Alle gegevens wissen' }).click()
  await page.getByRole('button', { name: 'Ja, alles wissen' }).click()
  await expect(page.getByText('Alle gegevens zijn gewist.')).toBeVisible()

  await importFile(page, file.name, file.content)
  await page.getByLabel('Wachtwoord van de back-up').fill('perenboom in de gymzaal')
  await page.getByRole('button', { name: 'Ontsleutelen en importeren' }).click()
  await expect(page.getByRole('alert')).toContainText('Het wachtwoord klopt niet. Er is niets veranderd.')
  await page.goto('/')
  await expect(page.getByText('Nog geen coachees.')).toBeVisible()

  // A damaged copy (one byte flipped near the end) is refused as damaged, with the right password.
  const damaged = Buffer.from(file.content)
  damaged[damaged.length - 20]! ^= 0xff
  await importFile(page, file.name, damaged)
  await page.getByLabel('Wachtwoord van de back-up').fill('appelboom in de gymzaal')
  await page.getByRole('button', { name: 'Ontsleutelen en importeren' }).click()
  await expect(page.getByRole('alert')).toContainText('beschadigd of onvolledig')
  await page.goto('/')
  await expect(page.getByText('Nog geen coachees.')).toBeVisible()

  await importFile(page, file.name, file.content)
  await page.getByLabel('Wachtwoord van de back-up').fill('appelboom in de gymzaal')
  await page.getByRole('button', { name: 'Ontsleutelen en importeren' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Import klaar' })).toBeVisible()
  await page.goto('/')
  await expect(page.getByRole('link', { name: /Noor de Vries/ })).toBeVisible()
})

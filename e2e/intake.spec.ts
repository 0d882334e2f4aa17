import { expect, test } from '@playwright/test'
import { addCoachee, addToList, listTexts, startTrajectoryAndOpenIntake } from './support/coach'

test('a coach records an intake and finds it all back after a reload', async ({ page }) => {
  await addCoachee(page, 'Sanne de Vries', 'ALO Amsterdam')
  await startTrajectoryAndOpenIntake(page)

  await addToList(page, 'Hulpvragen', 'Hulpvraag toevoegen', 'Hoe houd ik de aandacht vast tijdens de uitleg?')
  await addToList(page, 'Hulpvragen', 'Hulpvraag toevoegen', 'Hoe verdeel ik de groep snel in teams?')
  await addToList(page, 'Hulpvragen', 'Hulpvraag toevoegen', 'Hoe geef ik leerlingen meer keuze?')
  await addToList(page, 'Lesdoelen (OGB)', 'Lesdoel toevoegen', 'De leerlingen kunnen de bal over de lijn spelen.')
  await addToList(page, 'Lesdoelen (OGB)', 'Lesdoel toevoegen', 'De leerlingen helpen elkaar bij het opstellen.')
  await page.getByLabel('Groep of klas').fill('groep 6')
  await page.getByLabel('Plaats').selectOption({ label: 'Gymzaal / sporthal' })

  const questions = page.getByRole('region', { name: 'Hulpvragen' })
  await expect(questions.getByRole('radio', { name: 'Primair' }).first()).toBeChecked()
  await expect(questions.getByRole('radio', { name: 'Secundair' }).nth(1)).toBeChecked()
  await expect(questions.getByRole('radio', { name: 'Secundair' }).nth(2)).toBeChecked()

  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: /Intake — cyclus 1/ })).toBeVisible()
  await expect.poll(() => listTexts(page, 'Hulpvragen')).toEqual([
    'Hoe houd ik de aandacht vast tijdens de uitleg?',
    'Hoe verdeel ik de groep snel in teams?',
    'Hoe geef ik leerlingen meer keuze?',
  ])
  await expect(questions.getByRole('radio', { name: 'Primair' }).first()).toBeChecked()
  await expect(questions.getByRole('radio', { name: 'Secundair' }).nth(1)).toBeChecked()
  await expect.poll(() => listTexts(page, 'Lesdoelen (OGB)')).toEqual([
    'De leerlingen kunnen de bal over de lijn spelen.',
    'De leerlingen helpen elkaar bij het opstellen.',
  ])
  await expect(page.getByLabel('Groep of klas')).toHaveValue('groep 6')

  // Reordering sticks too; the primary question stays on top.
  await expect(questions.getByRole('button', { name: 'Omlaag: Hulpvraag 1' })).toBeDisabled()
  await questions.getByRole('button', { name: 'Omhoog: Hulpvraag 3' }).click()
  await expect.poll(() => listTexts(page, 'Hulpvragen')).toEqual([
    'Hoe houd ik de aandacht vast tijdens de uitleg?',
    'Hoe geef ik leerlingen meer keuze?',
    'Hoe verdeel ik de groep snel in teams?',
  ])
  await page.reload()
  await expect.poll(() => listTexts(page, 'Hulpvragen')).toEqual([
    'Hoe houd ik de aandacht vast tijdens de uitleg?',
    'Hoe geef ik leerlingen meer keuze?',
    'Hoe verdeel ik de groep snel in teams?',
  ])
  await page.getByRole('button', { name: 'Intake afronden' }).click()
  await expect(page.getByText('Intake afgerond')).toBeVisible()
})

test('what a coach types survives a reload, even before it was saved', async ({ page }) => {
  await addCoachee(page, 'Ahmed 🙂 <b>Yilmaz</b>')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ahmed 🙂 <b>Yilmaz</b>')
  await startTrajectoryAndOpenIntake(page)
  const notes = page.getByLabel('Notities bij de intake')
  await notes.fill('Wil vooral werken aan klassenmanagement')
  await page.getByRole('region', { name: 'Hulpvragen' }).getByLabel('Hulpvraag toevoegen').fill('Nog niet toegevoegd')
  // Just past the field's save delay: the save may be on its way when the page goes.
  await page.waitForTimeout(420)
  await page.reload()
  await expect(notes).toHaveValue('Wil vooral werken aan klassenmanagement')
  await expect(page.getByRole('region', { name: 'Hulpvragen' }).getByLabel('Hulpvraag toevoegen')).toHaveValue('Nog niet toegevoegd')
})

test('bad input gets a clear Dutch message', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Nieuwe coachee' }).click()
  await page.getByRole('button', { name: 'Coachee opslaan' }).click()
  await expect(page.getByRole('alert')).toHaveText('Vul dit in.')
  await page.getByLabel('Naam', { exact: true }).fill('x'.repeat(10_000))
  await page.getByRole('button', { name: 'Coachee opslaan' }).click()
  await expect(page.getByRole('alert')).toHaveText('Dit is te lang: maximaal 200 tekens.')

  await addCoachee(page, 'Eva Jansen')
  await page.goto('/')
  await page.getByRole('button', { name: 'Nieuwe coachee' }).click()
  await page.getByLabel('Naam', { exact: true }).fill('eva jansen')
  await expect(page.getByText('Er is al een coachee met deze naam.', { exact: false })).toBeVisible()
})

import { expect, test, type Page } from '@playwright/test'
import { addCoachee } from './support/coach'

// PBKDF2 with 600 000 iterations runs at every passcode step.
test.describe.configure({ timeout: 180_000 })

const PASSCODE = '975310'
const lockScreen = (page: Page) => page.getByRole('dialog', { name: 'Rondblik is vergrendeld' })

/** What names or describes people, as the coach and the demo wrote it: a name, a school, intake notes, a help question, its evaluation, a lesson goal, a marker's note, an observation, a nagesprek answer. */
const PEOPLE = [
  'Anouk Jansen', 'Pabo Utrecht', 'Sanne (demo)', 'Sanne loopt stage', 'Hoe houd ik de hele groep', 'Gaat beter: ze staat nu',
  'Iedereen kan de bal', 'Noemt een leerling bij naam', 'Veel oogcontact', 'Ik zag dat hij twijfelde',
]
const ANSWER = 'Ik zag dat hij twijfelde en wilde hem laten merken dat ik hem zag.'

/** Every row of every store of the app's database as IndexedDB holds it, as text (bytes shown as their length). */
function rawDatabase(page: Page): Promise<string> {
  return page.evaluate(() => new Promise<string>((resolve, reject) => {
    const open = indexedDB.open('rondblik')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const idb = open.result
      const names = [...idb.objectStoreNames]
      const trans = idb.transaction(names, 'readonly')
      const all: Record<string, unknown[]> = {}
      for (const name of names) {
        const request = trans.objectStore(name).getAll()
        request.onsuccess = () => (all[name] = request.result)
      }
      trans.oncomplete = () => {
        idb.close()
        resolve(JSON.stringify(all, (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? `<${(v as ArrayBuffer).byteLength} bytes>` : v)))
      }
      trans.onerror = () => reject(trans.error)
    }
  }))
}

const plainIn = (raw: string) => PEOPLE.filter((text) => raw.includes(text))

/** Through the app's own links: a reload would find the app locked. */
async function lockCard(page: Page) {
  await page.getByRole('link', { name: 'Instellingen' }).click()
  return page.getByRole('region', { name: 'App-vergrendeling' })
}

async function answersShown(page: Page): Promise<string[]> {
  return page.locator('textarea').evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value))
}

test('encryption at rest: with a passcode no name, note or answer is stored in plain text, the app shows them after unlock; removed → plain again', async ({ page }) => {
  // The demo coachee brings every kind of text (intake, help questions, goals, markers, kijkwijzer, nagesprek); a real one beside it.
  await page.goto('/')
  await page.getByRole('button', { name: 'Demo-coachee bekijken' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sanne (demo)' })).toBeVisible()
  await addCoachee(page, 'Anouk Jansen', 'Pabo Utrecht')
  expect(plainIn(await rawDatabase(page))).toEqual(PEOPLE)

  const card = await lockCard(page)
  await card.getByRole('button', { name: 'Passcode instellen' }).click()
  await card.getByLabel('Nieuwe passcode', { exact: true }).fill(PASSCODE)
  await card.getByLabel('Herhaal de nieuwe passcode').fill(PASSCODE)
  await card.getByRole('button', { name: 'Passcode instellen' }).click()
  await expect(card.getByText('De passcode is ingesteld.')).toBeVisible()

  // Nothing of it anywhere in IndexedDB: records, outbox, every other store.
  const sealed = await rawDatabase(page)
  expect(plainIn(sealed)).toEqual([])
  expect(sealed).toContain('"atRest":1')

  // A reload starts locked; after the unlock the app shows it all, decrypted in memory (search by name too).
  await page.reload()
  await expect(lockScreen(page)).toBeVisible()
  await lockScreen(page).getByLabel('Passcode').fill(PASSCODE)
  await lockScreen(page).getByRole('button', { name: 'Ontgrendelen' }).click()
  await expect(lockScreen(page)).toBeHidden()
  await page.getByRole('link', { name: 'Coachees' }).click()
  await expect(page.getByText('Anouk Jansen')).toBeVisible()
  await page.getByRole('searchbox').fill('sanne')
  await expect(page.getByText('Anouk Jansen')).toBeHidden()
  await page.getByRole('link', { name: /Sanne \(demo\)/ }).click()
  await page.getByRole('link', { name: /Voorbeeldtraject/ }).click()
  await page.getByRole('link', { name: 'Nagesprek openen' }).click()
  await expect.poll(() => answersShown(page)).toContain(ANSWER)
  expect(plainIn(await rawDatabase(page))).toEqual([])

  // The passcode removed: every value plain again, as before.
  const again = await lockCard(page)
  await again.getByRole('button', { name: 'Passcode verwijderen' }).click()
  await again.getByLabel('Huidige passcode').fill(PASSCODE)
  await again.getByRole('button', { name: 'Passcode verwijderen' }).click()
  await expect(again.getByText('De passcode is verwijderd.')).toBeVisible()
  const plain = await rawDatabase(page)
  expect(plainIn(plain)).toEqual(PEOPLE)
  expect(plain).not.toContain('"atRest":1')
  await page.reload()
  await expect(lockScreen(page)).toHaveCount(0)
  await page.getByRole('link', { name: 'Coachees' }).click()
  await expect(page.getByText('Anouk Jansen')).toBeVisible()
})

import { expect, it } from 'vitest'
import { SCHEMA_VERSIONS } from '../db/database'
import { UPLOADS_STORES } from './upload'

// db/ cannot import sync/ (sync imports db), so the uploads store string is written there too.
it('declares the uploads table as the upload queue expects', () => {
  expect(SCHEMA_VERSIONS.at(-1)!.stores.uploads).toBe(UPLOADS_STORES)
})

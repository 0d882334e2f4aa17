import { describe } from 'vitest'
import { syncSuite } from './sync-suite'

describe('server on SQLite', () => syncSuite({ databaseUrl: async () => undefined }))

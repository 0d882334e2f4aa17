import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { RECORD_TABLES, SCHEMA_VERSION, type RondblikDb } from './database'
import { BACKUP_FORMAT, backupPieces, deleteAllData, exportBackup, exportBackupFile, importBackup, importBackupFile, type Backup } from './backup'
import { createRepositories } from './repositories'
import { writeSetting } from './settings'
import { newCoachee, newCycle, newHelpQuestion, newLesson, newLessonGoal, newMarker, openTestDb, steppingClock } from './testing'

let db: RondblikDb
afterEach(async () => {
  await db.delete()
})

/** A database with a record in every table, a tombstone and some awkward text. */
async function filled() {
  db = openTestDb()
  const repos = createRepositories(db, { now: steppingClock() })
  const coachee = await repos.coachees.create(newCoachee({ name: 'Zoë <b>"de"</b> 👩🏽‍🏫', notes: 'x'.repeat(10_000) }))
  const trajectory = await repos.trajectories.create({ coacheeId: coachee.id, title: 'Traject', startedOn: '2026-09-01', closedAt: null, notes: '' })
  const { cycle, lesson } = await repos.createCycleWithLesson(newCycle(trajectory.id), newLesson(''))
  await repos.helpQuestions.create({ ...newHelpQuestion(trajectory.id, 0), cycleIds: [cycle.id] })
  await repos.lessonGoals.create(newLessonGoal(lesson.id, 0))
  const recording = await repos.recordings.create({
    lessonId: lesson.id, clipIndex: 0, cameraFileUrl: 'http://192.168.1.1/files/R0010001.MP4', startedAt: 1, requestedAt: 0,
    confirmedAt: 2, stoppedAt: 300_000, durationSec: 299.5, bytes: 'fragments',
  })
  const marker = await repos.markers.create({ ...newMarker(lesson.id, 10), recordingId: recording.id, offsetSec: 9, cell: { rowId: 'r', columnId: 'c' }, origin: 'tap' })
  await repos.observations.create({ lessonId: lesson.id, rowId: 'r', columnId: 'c', rating: 4, notes: '' })
  await repos.followUps.create({
    cycleId: cycle.id, heldOn: '2026-11-30', fragments: [{ markerId: marker.id, answers: [{ question: 'Wat zag je?', answer: 'Rust.' }] }],
    conclusions: '', agreements: '', nextSteps: '',
  })
  const gone = await repos.markers.create(newMarker(lesson.id, 20, 'puzzle'))
  await repos.markers.remove(gone.id)
  return repos
}

async function snapshot(): Promise<Record<string, unknown[]>> {
  return Object.fromEntries(await Promise.all([...RECORD_TABLES, 'outbox', 'meta'].map(async (name) => [name, await db.table(name).toArray()])))
}

describe('backup', () => {
  it('exports every record table, tombstones included, outbox and settings left out', async () => {
    await filled()
    const backup = await exportBackup(db, () => 42)
    expect(backup).toMatchObject({ format: 'rondblik-backup', version: 1, exportedAt: 42, schemaVersion: SCHEMA_VERSION })
    expect(Object.keys(backup.tables).sort()).toEqual([...RECORD_TABLES].sort())
    for (const table of RECORD_TABLES) expect(backup.tables[table].length).toBeGreaterThan(0)
    expect(backup.tables.markers.filter((m) => m.deletedAt !== null)).toHaveLength(1)
  })

  it('round-trips: fill, export, delete all, import → the same records', async () => {
    await filled()
    const before = await exportBackup(db)
    await deleteAllData(db)
    expect(await db.coachees.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)

    const result = await importBackup(db, JSON.stringify(before))
    const total = RECORD_TABLES.reduce((sum, table) => sum + before.tables[table].length, 0)
    expect(result).toEqual({ ok: true, added: total, updated: 0, skipped: 0 })
    expect((await exportBackup(db)).tables).toEqual(before.tables)
    expect(await db.outbox.count()).toBe(total)
    expect((await db.outbox.toArray()).filter((row) => row.fields.deletedAt?.value !== null)).toHaveLength(1)
  })

  it('merges: new records are added, newer ones replace, older or equal ones are skipped', async () => {
    const repos = await filled()
    const backup = await exportBackup(db)
    const [coachee] = backup.tables.coachees
    const [goal] = backup.tables.lessonGoals
    await repos.coachees.update(coachee!.id, { notes: 'newer on the tablet' })
    const stranger = { ...coachee!, id: 'from-another-tablet', name: 'Bram' }
    backup.tables.coachees.push(stranger)
    backup.tables.lessonGoals[0] = { ...goal!, text: 'newer in the file', updatedAt: goal!.updatedAt + 60_000 }

    const result = await importBackup(db, JSON.stringify(backup))
    const total = RECORD_TABLES.reduce((sum, table) => sum + backup.tables[table].length, 0)
    expect(result).toEqual({ ok: true, added: 1, updated: 1, skipped: total - 2 })
    expect((await repos.coachees.get(coachee!.id))?.notes).toBe('newer on the tablet')
    expect(await repos.coachees.get('from-another-tablet')).toEqual(stranger)
    expect((await repos.lessonGoals.get(goal!.id))?.text).toBe('newer in the file')
    expect((await db.outbox.toArray()).slice(-2).map((row) => row.id)).toEqual([stranger.id, goal!.id])
  })

  it('keeps the newest of duplicate ids within one file', async () => {
    db = openTestDb()
    const base = { id: 'c1', createdAt: 1, updatedAt: 1, deletedAt: null, ...newCoachee() }
    const file = backupWith({ coachees: [{ ...base, name: 'old' }, { ...base, name: 'new', updatedAt: 5 }] })
    expect(await importBackup(db, file)).toEqual({ ok: true, added: 1, updated: 0, skipped: 1 })
    expect((await db.coachees.get('c1'))?.name).toBe('new')
  })

  it('brings records of an older schema version up to date', async () => {
    db = openTestDb()
    const { leadSec: _l, lagSec: _g, chosen: _c, chosenOrder: _o, ...v1 } = newMarker('l1', 5)
    const file = backupWith({ markers: [{ id: 'm1', createdAt: 1, updatedAt: 1, deletedAt: null, ...v1 }] }, 1)
    expect(await importBackup(db, file)).toMatchObject({ ok: true, added: 1 })
    expect(await db.markers.get('m1')).toMatchObject({ leadSec: 10, lagSec: 10, chosen: false, chosenOrder: null })
  })

  describe('refuses a bad file and changes nothing', () => {
    const cases: [string, (valid: Backup) => string, object][] = [
      ['not JSON', (valid) => JSON.stringify(valid).slice(0, -10), { code: 'notJson' }],
      ['empty file', () => '', { code: 'notJson' }],
      ['JSON of another app', () => JSON.stringify({ format: 'other', version: 1, tables: {} }), { code: 'foreignFile' }],
      ['JSON that is no object', () => '[1, 2, 3]', { code: 'foreignFile' }],
      ['a newer backup format', (valid) => JSON.stringify({ ...valid, version: 2 }), { code: 'unsupportedVersion' }],
      ['a newer schema', (valid) => JSON.stringify({ ...valid, schemaVersion: SCHEMA_VERSION + 1 }), { code: 'unsupportedVersion' }],
      ['tables missing', (valid) => JSON.stringify({ ...valid, tables: undefined }), { code: 'invalidRecord', path: 'tables' }],
      ['a table that is no list', (valid) => JSON.stringify({ ...valid, tables: { ...valid.tables, markers: {} } }), { code: 'invalidRecord', table: 'markers' }],
      [
        'an invalid record after valid ones',
        (valid) => JSON.stringify({
          ...valid,
          tables: { ...valid.tables, markers: [...valid.tables.markers, { ...valid.tables.markers[0], id: 'x', view: { yaw: 'left', pitch: 0, fov: 75 } }] },
        }),
        { code: 'invalidRecord', table: 'markers', index: 2, path: 'view.yaw' },
      ],
      [
        'a record with a wrong enum value',
        (valid) => JSON.stringify({ ...valid, tables: { ...valid.tables, coachees: [{ ...valid.tables.coachees[0], role: 'principal' }] } }),
        { code: 'invalidRecord', table: 'coachees', index: 0, path: 'role' },
      ],
    ]

    for (const [name, corrupt, error] of cases) {
      it(name, async () => {
        await filled()
        await writeSetting(db, 'locale', 'en')
        const valid = await exportBackup(db)
        // Make the file newer than the database, so a partial import would show.
        for (const table of RECORD_TABLES) for (const record of valid.tables[table]) record.updatedAt += 1
        const before = await snapshot()

        expect(await importBackup(db, corrupt(valid))).toEqual({ ok: false, error })
        expect(await snapshot()).toEqual(before)
      })
    }
  })

  it('leaves the demo coachee out: it is the app\'s sample, not the coach\'s data', async () => {
    const repos = await filled()
    await repos.coachees.create(newCoachee({ name: 'Sanne (demo)' }), { id: 'demo-coachee' })
    const backup = await exportBackup(db)
    expect(backup.tables.coachees.map((c) => c.id)).not.toContain('demo-coachee')
    expect(backup.tables.coachees).toHaveLength(1)
  })

  it('writes the backup in pieces that join to the same JSON', async () => {
    await filled()
    const backup = await exportBackup(db)
    const pieces = [...backupPieces(backup)]
    expect(pieces.length).toBeGreaterThan(RECORD_TABLES.length)
    expect(JSON.parse(pieces.join(''))).toEqual(backup)
  })

  it('round-trips an encrypted export file; without or with a wrong password it changes nothing', async () => {
    await filled()
    const before = await exportBackup(db)
    const file = await exportBackupFile(db, 'een lang wachtwoord')
    expect(await file.text()).not.toContain('Zoë')
    await deleteAllData(db)
    const empty = await snapshot()

    expect(await importBackupFile(db, file)).toEqual({ ok: false, error: { code: 'needsPassword' } })
    expect(await importBackupFile(db, file, 'een ander wachtwoord')).toEqual({ ok: false, error: { code: 'wrongPassword' } })
    const damaged = new Blob([file.slice(0, file.size - 1)])
    expect(await importBackupFile(db, damaged, 'een lang wachtwoord')).toEqual({ ok: false, error: { code: 'corrupted' } })
    expect(await snapshot()).toEqual(empty)

    expect(await importBackupFile(db, file, 'een lang wachtwoord')).toMatchObject({ ok: true, updated: 0, skipped: 0 })
    expect((await exportBackup(db)).tables).toEqual(before.tables)
  })

  it('a plain export file is the JSON backup and imports without a password', async () => {
    await filled()
    const file = await exportBackupFile(db, null, () => 7)
    expect(JSON.parse(await file.text())).toMatchObject({ format: BACKUP_FORMAT, exportedAt: 7 })
    expect(await importBackupFile(db, file)).toMatchObject({ ok: true, added: 0 })
  })

  it('deleteAllData clears records and outbox in one go but keeps the device settings', async () => {
    await filled()
    await writeSetting(db, 'cameraAddress', 'http://10.0.0.2')
    await deleteAllData(db)
    for (const table of [...RECORD_TABLES, 'outbox']) expect(await db.table(table).count()).toBe(0)
    expect(await db.meta.get('cameraAddress')).toEqual({ key: 'cameraAddress', value: 'http://10.0.0.2' })
  })
})

function backupWith(tables: Partial<Record<string, unknown[]>>, schemaVersion = SCHEMA_VERSION): string {
  return JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: 0, schemaVersion, tables })
}

import { getDb } from '../db/database'
import { createRepositories, type Repositories } from '../db/repositories'

let repos: Repositories | undefined

/** The app's repositories over its one database, made on first use. */
export function repositories(): Repositories {
  repos ??= createRepositories(getDb())
  return repos
}

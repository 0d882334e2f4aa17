// The app's one database and its repositories: wiring for stores and composables alike.
import { getDb } from './database'
import { createRepositories, type Repositories } from './repositories'

let repos: Repositories | undefined

/** The app's repositories over its one database, made on first use. */
export function repositories(): Repositories {
  repos ??= createRepositories(getDb())
  return repos
}

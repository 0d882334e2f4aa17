/** Request bodies and queries through valibot: anything that does not match is `invalidRequest`. */
import type { Context } from 'hono'
import * as v from 'valibot'
import { ApiError } from './errors'

function check<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input)
  if (result.success) return result.output
  const issue = result.issues[0]
  const path = issue.path?.map((p) => String(p.key)).join('.')
  throw new ApiError('invalidRequest', `${path ? `${path}: ` : ''}${issue.message}`)
}

export async function jsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new ApiError('invalidRequest', 'the body is not JSON')
  }
  return check(schema, body)
}

export const query = <S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> => check(schema, c.req.query())

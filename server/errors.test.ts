import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../common/errors'
import { errors } from './errors'

/** Codes the error handler gives to requests Fastify itself refuses, and to unexpected failures. */
const HANDLER_CODES = [
  'INTERNAL_ERROR',
  'REQUEST_MALFORMED_JSON',
  'REQUEST_TOO_LARGE',
  'REQUEST_UNSUPPORTED_MEDIA_TYPE',
  'REQUEST_URI_TOO_LONG',
  'ROUTE_NOT_FOUND',
]

describe('error catalogue', () => {
  it('lists the same codes for clients as the server answers with', () => {
    expect([...ERROR_CODES].sort()).toEqual([...Object.keys(errors), ...HANDLER_CODES].sort())
  })
  it('gives every error its own key as its code', () => {
    for (const [key, make] of Object.entries(errors)) expect(new make('x', 'y').code).toBe(key)
  })
})

import { describe, expect, it } from 'vitest'
import { formatPhone, formatPhonesIn } from './format'

describe('formatPhone', () => {
  it('groups numbers as their country does, three-digit country codes included', () => {
    expect(formatPhone('+358447895952')).toBe('+358 44 7895952')
    expect(formatPhone('+447911123456')).toBe('+44 7911 123456')
    expect(formatPhone('+12025550123')).toBe('+1 202 555 0123')
    expect(formatPhone('+33612345678')).toBe('+33 6 12 34 56 78')
  })

  it('leaves what is not a phone number as it is', () => {
    expect(formatPhone('+999123')).toBe('+999123')
    expect(formatPhone('Northwind')).toBe('Northwind')
  })

  it('spaces the numbers inside a sentence', () => {
    expect(formatPhonesIn('Reply from +358447895952 at 10:00')).toBe('Reply from +358 44 7895952 at 10:00')
  })
})

import { describe, expect, it } from 'vitest'
import {
  firstWordOf,
  isCarrierKeyword,
  keywordMissReason,
  keywordProblem,
  matchKeywordRule,
  normalizeKeyword,
  type RuleWords,
} from './keyword-rules'

const jobs: RuleWords = { id: 'r1', keyword: 'JOBS', aliases: ['WORK', 'VACANCIES'], enabled: true }
const shifts: RuleWords = { id: 'r2', keyword: 'SHIFTS', aliases: [], enabled: false }

describe('firstWordOf', () => {
  it('takes the first word, upper case, without the punctuation after it', () => {
    expect(firstWordOf('  jobs please')).toBe('JOBS')
    expect(firstWordOf('Jobs!')).toBe('JOBS')
    expect(firstWordOf('jobs.\nthanks')).toBe('JOBS')
    expect(firstWordOf('"work"')).toBe('WORK')
  })

  it('is empty for a text with no word', () => {
    expect(firstWordOf('')).toBe('')
    expect(firstWordOf('   ')).toBe('')
    expect(firstWordOf('!!!')).toBe('')
  })

  it('folds full-width letters (NFKC) as the keyword does', () => {
    expect(firstWordOf('ｊｏｂｓ')).toBe('JOBS')
    expect(normalizeKeyword(' ｊｏｂｓ ')).toBe('JOBS')
  })
})

describe('matchKeywordRule', () => {
  it('triggers the rule whose keyword or alias is the first word, whatever the case', () => {
    expect(matchKeywordRule([jobs, shifts], 'jobs in Leeds?')).toEqual({ triggered: jobs })
    expect(matchKeywordRule([jobs, shifts], 'Vacancies')).toEqual({ triggered: jobs })
  })

  it('does not match a keyword later in the text', () => {
    expect(matchKeywordRule([jobs], 'any jobs?')).toEqual({ missed: 'no_match' })
  })

  it('names a rule that is turned off', () => {
    expect(matchKeywordRule([jobs, shifts], 'shifts')).toEqual({ missed: 'rule_off' })
  })

  it('leaves STOP, START and HELP to the opt-out keywords', () => {
    expect(matchKeywordRule([jobs], 'STOP')).toBeNull()
    expect(matchKeywordRule([jobs], 'help.')).toBeNull()
    expect(matchKeywordRule([jobs], 'Start')).toBeNull()
  })

  it('does nothing on a number without rules', () => {
    expect(matchKeywordRule([], 'jobs')).toBeNull()
  })

  it('misses a text with no word', () => {
    expect(matchKeywordRule([jobs], '  ')).toEqual({ missed: 'no_match' })
  })
})

describe('keywordProblem', () => {
  it('accepts a new keyword and aliases', () => {
    expect(keywordProblem('Temp', ['temps', 'locum-work'], [jobs])).toBeNull()
  })

  it('refuses STOP, START, HELP and their kin, naming the field', () => {
    expect(keywordProblem('stop', [], [])).toMatchObject({ code: 'KEYWORD_RESERVED', field: 'keyword' })
    expect(keywordProblem('TEMP', ['unsubscribe'], [])).toMatchObject({
      code: 'KEYWORD_RESERVED',
      field: 'aliases[0]',
    })
    expect(isCarrierKeyword('INFO')).toBe(true)
    expect(isCarrierKeyword('JOBS')).toBe(false)
  })

  it('refuses a word another rule on the number has, as keyword or alias', () => {
    expect(keywordProblem('work', [], [jobs])).toMatchObject({
      code: 'KEYWORD_TAKEN',
      field: 'keyword',
      message: 'keyword: "WORK" already triggers the rule "JOBS" on this number',
    })
    expect(keywordProblem('TEMP', ['x', 'shifts'], [jobs, shifts])).toMatchObject({
      code: 'KEYWORD_TAKEN',
      field: 'aliases[1]',
    })
  })

  it('refuses a word given twice, spaces and empty words', () => {
    expect(keywordProblem('TEMP', ['temp'], [])).toMatchObject({
      code: 'KEYWORD_INVALID',
      field: 'aliases[0]',
    })
    expect(keywordProblem('two words', [], [])).toMatchObject({ code: 'KEYWORD_INVALID', field: 'keyword' })
    expect(keywordProblem('', [], [])).toMatchObject({ code: 'KEYWORD_INVALID', field: 'keyword' })
    expect(keywordProblem('A'.repeat(31), [], [])).toMatchObject({ code: 'KEYWORD_INVALID' })
  })
})

describe('keywordMissReason', () => {
  it('says what did not match, and where', () => {
    expect(keywordMissReason('no_match', 'jobz pls', '+447700900001')).toBe(
      '"JOBZ" is not a keyword on +447700900001',
    )
    expect(keywordMissReason('rule_off', 'shifts', '+447700900001')).toBe(
      'The keyword rule "SHIFTS" on +447700900001 is turned off',
    )
    expect(keywordMissReason('no_match', '', '+447700900001')).toContain('no first word')
  })
})

import { describe, expect, it } from 'vitest'
import type { MergeValues } from './merge-fields'
import {
  compileTemplate,
  renderTemplate,
  TemplateCompileError,
  type TemplateProblem,
} from './template-engine'

function problemsOf(source: string): TemplateProblem[] {
  try {
    compileTemplate(source)
  } catch (error) {
    if (error instanceof TemplateCompileError) return error.problems
    throw error
  }
  throw new Error(`expected "${source}" to be refused`)
}

describe('template engine', () => {
  it('reports a syntax error with its line and column', () => {
    expect(problemsOf('Hi\nthere {{ person.first_name }')).toEqual([
      { message: 'output "{{ person.first_name }" not closed', line: 2, column: 7 },
    ])
    expect(problemsOf('{% if person.first_name %}Hi')[0]).toMatchObject({ line: 1, column: 1 })
  })

  it('reports every unknown field with its position and a suggestion', () => {
    const problems = problemsOf('Hi {{ person.frist_name }},\nthe {{ job.titl }} role at {{ compny.name }}')
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [1, 7],
      [2, 8],
      [2, 31],
    ])
    expect(problems[0]?.message).toContain('did you mean "person.first_name"?')
    expect(problems[1]?.message).toContain('did you mean "job.title"?')
    expect(problems[2]?.message).toContain('did you mean "company"?')
  })

  it('refuses file access, unknown filters and computed field names', () => {
    expect(problemsOf('{% include "secrets" %}')[0]?.message).toBe('tag "include" not found')
    expect(problemsOf('{% render "x" %}')[0]?.message).toBe('tag "render" not found')
    expect(problemsOf('{{ person.first_name | shout }}')[0]?.message).toBe('undefined filter: shout')
    expect(problemsOf('{{ person[key] }}')[0]?.message).toContain('must be written out')
    expect(problemsOf('{{ person }}')[0]?.message).toContain('is a group of fields')
  })

  it('lists the fields a text uses, custom fields included', () => {
    const compiled = compileTemplate('{{ person.first_name }} {{ person.custom.shift }} {{ interview.link }}')
    expect(compiled.fields).toEqual(['person.first_name', 'person.custom.shift', 'interview.link'])
  })

  it('reports an empty field only when the text prints it', () => {
    const compiled = compileTemplate(
      'Hi {{ person.first_name | default: "there" }}.{% if person.last_name %} ({{ person.last_name }}){% endif %} ' +
        '{{ job.title | upcase }} {{ person.custom.shift }}',
    )
    const empty = renderTemplate(compiled, { person: { first_name: '', last_name: null, custom: {} } })
    expect(empty.text).toBe('Hi there.')
    expect(empty.missing).toEqual(['job.title', 'person.custom.shift'])
    const full = renderTemplate(compiled, {
      person: { first_name: 'Ann', last_name: 'Lee', custom: { shift: 'nights' } },
      job: { title: 'Nurse' },
    })
    expect(full).toEqual({ text: 'Hi Ann. (Lee) NURSE nights', missing: [] })
  })

  it('never evaluates a field it was not given as anything but empty', () => {
    const compiled = compileTemplate('{{ organization.name }}: {{ user.name }}')
    expect(renderTemplate(compiled, { organization: { name: 'Acme' } })).toEqual({
      text: 'Acme:',
      missing: ['user.name'],
    })
  })

  it('fills plain texts without the engine, with the same result as the engine', () => {
    const plain = compileTemplate(
      'Hi {{ person.first_name }}, {{ job.title | default: "a role" }} {{ person.custom.shift }}!',
    )
    const tagged = compileTemplate('Hi {% if person.first_name %}{{ person.first_name }}{% endif %}')
    const filtered = compileTemplate('Hi {{ person.first_name | upcase }}')
    expect(plain.plain).not.toBeNull()
    expect(tagged.plain).toBeNull()
    expect(filtered.plain).toBeNull()
    const samples: MergeValues[] = [
      { person: { first_name: 'Ann', custom: { shift: 'nights' } }, job: { title: 'Nurse' } },
      { person: { first_name: '  ', custom: {} }, job: { title: '' } },
      {},
    ]
    for (const values of samples) {
      const fast = renderTemplate(plain, values)
      const full = renderTemplate({ ...plain, plain: null }, values)
      expect(fast).toEqual(full)
    }
    expect(renderTemplate(plain, {})).toEqual({
      text: 'Hi , a role !',
      missing: ['person.first_name', 'person.custom.shift'],
    })
  })
})

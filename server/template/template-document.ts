import type { TemplateDocument } from '../../common/api/templates'
import { errors, withDetails } from '../errors'
import { renderDocumentPdf, unsupportedCharacters } from './document-pdf'
import type { MergeValues } from './merge-fields'
import type { TemplateRow } from './template.table'
import {
  type CompiledTemplate,
  compileTemplate,
  describeProblem,
  renderTemplate,
  TemplateCompileError,
  TemplateRenderError,
} from './template-engine'

/** A template's document part (seed 000 document merge): title and body, each compiled Liquid. */
export interface CompiledDocument {
  title: CompiledTemplate
  body: CompiledTemplate
}

function compilePart(field: 'document.title' | 'document.body', source: string): CompiledTemplate {
  const unsupported = unsupportedCharacters(source)
  if (unsupported.length > 0) {
    throw withDetails(
      new errors.TEMPLATE_DOCUMENT_INVALID(
        field,
        `the PDF font cannot print ${unsupported.map((c) => `"${c}"`).join(', ')} (only Western European characters)`,
      ),
      { field, unsupported },
    )
  }
  try {
    return compileTemplate(source)
  } catch (error) {
    if (!(error instanceof TemplateCompileError)) throw error
    throw withDetails(
      new errors.TEMPLATE_DOCUMENT_INVALID(field, error.problems.map(describeProblem).join('; ')),
      {
        field,
        problems: error.problems,
      },
    )
  }
}

/** Checks a document part when a template is saved: syntax, known merge fields, printable characters. */
export function compileDocumentOrThrow(document: TemplateDocument): CompiledDocument {
  return {
    title: compilePart('document.title', document.title),
    body: compilePart('document.body', document.body),
  }
}

export function documentOf(
  row: Pick<TemplateRow, 'document_title' | 'document_body'>,
): TemplateDocument | null {
  return row.document_title !== null && row.document_body !== null
    ? { title: row.document_title, body: row.document_body }
    : null
}

/** The file name a recipient's PDF is offered under, from the document's title. */
export function documentFileName(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return `${base || 'document'}.pdf`
}

/** One recipient's PDF: the document filled in with their merge values. */
export async function renderDocumentFor(
  document: TemplateDocument,
  values: MergeValues,
): Promise<{ pdf: Uint8Array; title: string; fileName: string }> {
  const compiled = compileDocumentOrThrow(document)
  try {
    const title = renderTemplate(compiled.title, values).text
    const body = renderTemplate(compiled.body, values).text
    return { pdf: await renderDocumentPdf({ title, body }), title, fileName: documentFileName(title) }
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new errors.TEMPLATE_RENDER_FAILED(error.message)
    throw error
  }
}

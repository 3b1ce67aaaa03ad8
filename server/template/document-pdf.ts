import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib'

/**
 * Lays a merged document out as an A4 PDF in pdf-lib's standard Helvetica: the title, then the
 * paragraphs (separated by blank lines in the text) wrapped to the page width, on as many pages as
 * they need. Standard fonts print Windows-1252 (WinAnsi) only; see unsupportedCharacters.
 */

const PAGE_WIDTH = 595.28
const PAGE_HEIGHT = 841.89
const MARGIN = 56
const TITLE_SIZE = 18
const BODY_SIZE = 11
const LINE_HEIGHT = 15
const PARAGRAPH_GAP = 8

/** The characters WinAnsi prints beyond Latin-1 (its 0x80-0x9F range). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

function printable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)
}

/** Characters of `text` the PDF fonts cannot print, each once, in order (line breaks and tabs are fine). */
export function unsupportedCharacters(text: string): string[] {
  const found = new Set<string>()
  for (const char of text)
    if (char !== '\n' && char !== '\r' && char !== '\t' && !printable(char)) found.add(char)
  return [...found]
}

/** A merged value may bring what the saved text could not (an emoji in a name): printed as "?". */
function printableText(text: string): string {
  let out = ''
  for (const char of text.replace(/\t/g, ' ')) out += printable(char) ? char : '?'
  return out
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  for (const sourceLine of text.split('\n')) {
    let line = ''
    for (const word of sourceLine.split(/ +/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      line = ''
      // A word wider than the page is cut where it reaches the edge.
      let rest = word
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--
        lines.push(rest.slice(0, cut))
        rest = rest.slice(cut)
      }
      line = rest
    }
    lines.push(line)
  }
  return lines
}

export function paragraphsOf(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
}

export async function renderDocumentPdf(document: { title: string; body: string }): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const title = printableText(document.title.replace(/\s+/g, ' ').trim())
  pdf.setTitle(title)
  pdf.setProducer('Parley')
  pdf.setCreator('Parley')
  const regular = await pdf.embedFont(StandardFonts.Helvetica)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  const width = PAGE_WIDTH - 2 * MARGIN
  let page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT])
  let y = PAGE_HEIGHT - MARGIN
  const line = (text: string, font: PDFFont, size: number, height: number) => {
    if (y - height < MARGIN) {
      page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT])
      y = PAGE_HEIGHT - MARGIN
    }
    y -= height
    if (text) page.drawText(text, { x: MARGIN, y, size, font })
  }
  for (const text of wrap(title, bold, TITLE_SIZE, width)) line(text, bold, TITLE_SIZE, TITLE_SIZE * 1.3)
  y -= PARAGRAPH_GAP * 2
  for (const paragraph of paragraphsOf(document.body)) {
    for (const text of wrap(printableText(paragraph), regular, BODY_SIZE, width)) {
      line(text, regular, BODY_SIZE, LINE_HEIGHT)
    }
    y -= PARAGRAPH_GAP
  }
  return pdf.save({ useObjectStreams: false })
}

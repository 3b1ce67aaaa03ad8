import type { Command } from 'commander'
import { countSegments, type SegmentCount, suggestGsm7 } from '../core/segments'

/** A character with its code points, so invisible ones (no-break space) can be seen: `’ U+2019`. */
function describeCharacter(ch: string): string {
  const codes = [...ch].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
  const invisible = /^[\p{Z}\p{C}]+$/u.test(ch)
  return invisible ? codes.join(' ') : `${ch} ${codes.join(' ')}`
}

function describeReplacement(text: string): string {
  if (text === '') return '(removed)'
  if (text === ' ') return '(space)'
  return text === '\n' ? '(new line)' : text
}

function describeCount(count: SegmentCount): string[] {
  const unitName = count.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units'
  return [
    `encoding:     ${count.encoding}`,
    `characters:   ${count.characters} (${count.units} ${unitName})`,
    `segments:     ${count.segments} of up to ${count.perSegment} ${unitName} (${count.remaining} free in the last)`,
    `non-GSM:      ${count.nonGsmCharacters.length ? count.nonGsmCharacters.map(describeCharacter).join(', ') : 'none'}`,
  ]
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

export function registerSegmentsCommand(program: Command): void {
  program
    .command('segments')
    .description('Show how an SMS body is encoded and split into segments, and a cheaper GSM-7 spelling')
    .argument('[text...]', 'the message body (words are joined by spaces); read from stdin when omitted')
    .option('--json', 'print the counts as JSON')
    .action(async (words: string[], options: { json?: boolean }) => {
      if (words.length === 0 && process.stdin.isTTY) {
        console.error('Give the message as an argument (parley segments "Hi Anna") or pipe it on stdin')
        process.exitCode = 1
        return
      }
      const body = words.length > 0 ? words.join(' ') : await readStdin()
      const count = countSegments(body)
      const suggestion = suggestGsm7(body)
      if (options.json) {
        const { body: suggested, replacements, after, segmentsSaved } = suggestion
        const cheaper =
          replacements.length > 0 ? { body: suggested, replacements, after, segmentsSaved } : null
        console.log(JSON.stringify({ ...count, suggestion: cheaper }, null, 2))
        return
      }
      console.log(describeCount(count).join('\n'))
      if (suggestion.replacements.length === 0) {
        console.log('suggestion:   none (nothing to replace with a GSM-7 character)')
        return
      }
      const { after, segmentsSaved } = suggestion
      console.log(
        `suggestion:   ${after.encoding}, ${after.segments} segment(s), ` +
          `${segmentsSaved > 0 ? `saves ${segmentsSaved}` : 'saves no segment'}`,
      )
      for (const r of suggestion.replacements) {
        console.log(
          `  ${describeCharacter(r.character)} -> ${describeReplacement(r.replacement)} (x${r.count})`,
        )
      }
      console.log(`  text: ${suggestion.body}`)
    })
}

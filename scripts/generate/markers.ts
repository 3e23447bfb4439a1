/**
 * The generated parts of a hand-written file sit between two marker comments:
 *
 *   <!-- generated: NAME -->            # generated: NAME
 *   …                                   …
 *   <!-- end generated: NAME -->        # end generated: NAME
 *
 * (markdown and YAML; `// generated: NAME` in TypeScript). Everything between them is rewritten;
 * everything else is left as it is.
 */
export type Syntax = 'markdown' | 'yaml' | 'ts'

const OPENERS: Record<Syntax, [string, string]> = {
  markdown: ['<!-- ', ' -->'],
  yaml: ['# ', ''],
  ts: ['// ', '']
}
const comment = (syntax: Syntax, text: string) =>
  `${OPENERS[syntax][0]}${text}${OPENERS[syntax][1]}`

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `text` with the block `name` filled with `content`, indented as its start marker is. */
export function fillBlock(
  file: string,
  text: string,
  syntax: Syntax,
  name: string,
  content: string
): string {
  const start = new RegExp(
    `^([ \\t]*)${escape(comment(syntax, `generated: ${name}`))}[ \\t]*$`,
    'm'
  )
  const opened = start.exec(text)
  if (!opened)
    throw new Error(
      `${file}: no "${comment(syntax, `generated: ${name}`)}" line: add the block's two markers where it goes`
    )
  const indent = opened[1] ?? ''
  const endLine = `${indent}${comment(syntax, `end generated: ${name}`)}`
  const bodyStart = opened.index + opened[0].length + 1
  const end = text.indexOf(`\n${endLine}`, opened.index)
  if (end < 0) throw new Error(`${file}: the block "${name}" has no end line "${endLine.trim()}"`)
  const body = content
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : indent + line))
    .join('\n')
  return `${text.slice(0, bodyStart)}${body}${text.slice(end)}`
}

/** The names of every block in a text, to find blocks nobody fills. */
export function blockNames(text: string, syntax: Syntax): string[] {
  const [open, close] = OPENERS[syntax].map(escape)
  const marker = new RegExp(`^[ \\t]*${open}generated: (.*?)${close}[ \\t]*$`, 'gm')
  return [...text.matchAll(marker)].map((m) => m[1] ?? '')
}

import { format, resolveConfig } from 'prettier'

const ROOT = new URL('../../', import.meta.url)

/** `text` formatted as `npm run format:write` would format `file`, so the two never disagree. */
export async function formatted(file: string, text: string): Promise<string> {
  const config = (await resolveConfig(new URL(file, ROOT))) ?? {}
  return format(text, { ...config, filepath: file })
}

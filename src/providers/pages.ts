import { RevocationFailure } from '../errors.js'

/** What one page says of the list: whether more follows, and where the next page starts. */
export interface PageEnd {
  more: boolean
  next?: string | undefined
}

/**
 * Reads a paged list to its end. `page` fetches the page after `cursor` (`undefined`: the
 * first) and keeps its items. A list longer than `maxPages` pages, or one that says there is
 * more without a new place to start, fails: a listing read only in part could make a key look
 * absent, and "not found" must mean the whole list was read.
 */
export async function readAllPages(
  what: string,
  maxPages: number,
  page: (cursor: string | undefined) => Promise<PageEnd>
): Promise<void> {
  let cursor: string | undefined
  for (let n = 0; n < maxPages; n++) {
    const { more, next } = await page(cursor)
    if (!more) return
    if (!next || next === cursor)
      throw new RevocationFailure(
        'provider-error',
        `${what}: the list says there is more but not where it goes on; give \`key-id\``
      )
    cursor = next
  }
  throw new RevocationFailure(
    'provider-error',
    `${what}: more than ${maxPages} pages; give \`key-id\``
  )
}

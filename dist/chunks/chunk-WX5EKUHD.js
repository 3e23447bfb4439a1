import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
import {
  RevocationFailure
} from "./chunk-YDRP5PTH.js";

// build/providers/pages.js
async function readAllPages(what, maxPages, page) {
  let cursor;
  for (let n = 0; n < maxPages; n++) {
    const { more, next } = await page(cursor);
    if (!more)
      return;
    if (!next || next === cursor)
      throw new RevocationFailure("provider-error", `${what}: the list says there is more but not where it goes on; give \`key-id\``);
    cursor = next;
  }
  throw new RevocationFailure("provider-error", `${what}: more than ${maxPages} pages; give \`key-id\``);
}

export {
  readAllPages
};

/**
 * Listed partial forms of keys (a preview, a redacted value, a hint, a masked key): a visible
 * start and a visible end around a mask. A value "could be" a listed key when it starts with
 * the start, ends with the end, and is longer than both together (the mask hides at least one
 * character). That is a candidate, never an identification: see `Resolution` in `./types.ts`.
 */
export interface PartialForm {
  start: string
  end: string
}

/** Whether `value` could be the key `form` shows. */
export function couldShow(form: PartialForm, value: string): boolean {
  return (
    form.start.length + form.end.length < value.length &&
    value.startsWith(form.start) &&
    value.endsWith(form.end)
  )
}

/**
 * Every listed key by its partial form, built once a run as the pages come. Looking a value up
 * is one Map read per form shape (the lengths of start and end; a listing has a handful), where
 * scanning the whole list for each key made 4 million comparisons and GBs of garbage for 2,000
 * keys against a list of 2,000.
 */
export class PartialFormIndex<T> {
  /** By `<start length>,<end length>`: those lengths, and the items by start and end, in order. */
  readonly #shapes = new Map<string, { a: number; b: number; items: Map<string, T[]> }>()

  add(form: PartialForm, item: T): void {
    const a = form.start.length
    const b = form.end.length
    let shape = this.#shapes.get(`${a},${b}`)
    if (!shape) this.#shapes.set(`${a},${b}`, (shape = { a, b, items: new Map() }))
    const at = `${form.start}\u0000${form.end}`
    const items = shape.items.get(at)
    if (items) items.push(item)
    else shape.items.set(at, [item])
  }

  /** Every item whose form could show `value` (as `couldShow`). */
  matches(value: string): T[] {
    const found: T[] = []
    for (const { a, b, items } of this.#shapes.values()) {
      // Start and end have the form's lengths, so equal texts are equal starts and ends.
      if (a + b < value.length)
        found.push(
          ...(items.get(`${value.slice(0, a)}\u0000${value.slice(value.length - b)}`) ?? [])
        )
    }
    return found
  }
}

import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);

// build/providers/partial-forms.js
function couldShow(form, value) {
  return form.start.length + form.end.length < value.length && value.startsWith(form.start) && value.endsWith(form.end);
}
var PartialFormIndex = class {
  /** By `<start length>,<end length>`: those lengths, and the items by start and end, in order. */
  #shapes = /* @__PURE__ */ new Map();
  add(form, item) {
    const a = form.start.length;
    const b = form.end.length;
    let shape = this.#shapes.get(`${a},${b}`);
    if (!shape)
      this.#shapes.set(`${a},${b}`, shape = { a, b, items: /* @__PURE__ */ new Map() });
    const at = `${form.start}\0${form.end}`;
    const items = shape.items.get(at);
    if (items)
      items.push(item);
    else
      shape.items.set(at, [item]);
  }
  /** Every item whose form could show `value` (as `couldShow`). */
  matches(value) {
    const found = [];
    for (const { a, b, items } of this.#shapes.values()) {
      if (a + b < value.length)
        found.push(...items.get(`${value.slice(0, a)}\0${value.slice(value.length - b)}`) ?? []);
    }
    return found;
  }
};

export {
  couldShow,
  PartialFormIndex
};

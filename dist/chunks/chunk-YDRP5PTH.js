import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/zod/v4/core/util.js
var util_exports = {};
__export(util_exports, {
  BIGINT_FORMAT_RANGES: () => BIGINT_FORMAT_RANGES,
  CONSTANT_CATCH: () => CONSTANT_CATCH,
  Class: () => Class,
  NUMBER_FORMAT_RANGES: () => NUMBER_FORMAT_RANGES,
  aborted: () => aborted,
  allowsEval: () => allowsEval,
  assert: () => assert,
  assertEqual: () => assertEqual,
  assertIs: () => assertIs,
  assertNever: () => assertNever,
  assertNotEqual: () => assertNotEqual,
  assignProp: () => assignProp,
  attachSchema: () => attachSchema,
  base64ToUint8Array: () => base64ToUint8Array,
  base64urlToUint8Array: () => base64urlToUint8Array,
  cached: () => cached,
  captureStackTrace: () => captureStackTrace,
  cleanEnum: () => cleanEnum,
  cleanRegex: () => cleanRegex,
  clone: () => clone,
  cloneDef: () => cloneDef,
  codePointLength: () => codePointLength,
  constantCatch: () => constantCatch,
  createTransparentProxy: () => createTransparentProxy,
  defineLazy: () => defineLazy,
  defineLazyInternal: () => defineLazyInternal,
  derived: () => derived,
  esc: () => esc,
  escapeRegex: () => escapeRegex,
  explicitlyAborted: () => explicitlyAborted,
  extend: () => extend,
  finalizeIssue: () => finalizeIssue,
  floatSafeRemainder: () => floatSafeRemainder,
  getElementAtPath: () => getElementAtPath,
  getEnumValues: () => getEnumValues,
  getLengthableOrigin: () => getLengthableOrigin,
  getParsedType: () => getParsedType,
  getSizableOrigin: () => getSizableOrigin,
  hexToUint8Array: () => hexToUint8Array,
  hide: () => hide,
  installLazyProp: () => installLazyProp,
  isObject: () => isObject,
  isPlainObject: () => isPlainObject,
  issue: () => issue,
  joinValues: () => joinValues,
  jsonStringifyReplacer: () => jsonStringifyReplacer,
  members: () => members,
  merge: () => merge,
  mergeDefs: () => mergeDefs,
  normalizeParams: () => normalizeParams,
  nullish: () => nullish,
  numKeys: () => numKeys,
  objectClone: () => objectClone,
  omit: () => omit,
  optionalKeys: () => optionalKeys,
  own: () => own,
  parsedType: () => parsedType,
  partial: () => partial,
  pick: () => pick,
  prefixIssues: () => prefixIssues,
  primitiveTypes: () => primitiveTypes,
  promiseAllObject: () => promiseAllObject,
  propertyKeyTypes: () => propertyKeyTypes,
  randomString: () => randomString,
  rawShape: () => rawShape,
  required: () => required,
  safeExtend: () => safeExtend,
  shallowClone: () => shallowClone,
  sizeCaps: () => sizeCaps,
  slugify: () => slugify,
  stringifyPrimitive: () => stringifyPrimitive,
  toZod: () => toZod,
  uint8ArrayToBase64: () => uint8ArrayToBase64,
  uint8ArrayToBase64url: () => uint8ArrayToBase64url,
  uint8ArrayToHex: () => uint8ArrayToHex,
  unwrapMessage: () => unwrapMessage
});
function assertEqual(val) {
  return val;
}
function assertNotEqual(val) {
  return val;
}
function toZod() {
  return (schema) => schema;
}
function assertIs(_arg) {
}
function assertNever(_x) {
  throw new Error("Unexpected value in exhaustive check");
}
function assert(_) {
}
function getEnumValues(entries) {
  const numericValues = Object.values(entries).filter((v) => typeof v === "number");
  const values = Object.entries(entries).filter(([k, _]) => numericValues.indexOf(+k) === -1).map(([_, v]) => v);
  return values;
}
function joinValues(array2, separator = "|") {
  return array2.map((val) => stringifyPrimitive(val)).join(separator);
}
function jsonStringifyReplacer(_, value) {
  if (typeof value === "bigint")
    return value.toString();
  return value;
}
var Cached = class {
  constructor(getter) {
    this._getter = getter;
    this._value = void 0;
  }
  get value() {
    const getter = this._getter;
    if (getter !== void 0) {
      this._value = getter();
      this._getter = void 0;
    }
    return this._value;
  }
};
function cached(getter) {
  return new Cached(getter);
}
function nullish(input) {
  return input === null || input === void 0;
}
function cleanRegex(source) {
  const start = source.startsWith("^") ? 1 : 0;
  const end = source.endsWith("$") ? source.length - 1 : source.length;
  return source.slice(start, end);
}
function floatSafeRemainder(val, step) {
  const ratio = val / step;
  const roundedRatio = Math.round(ratio);
  const tolerance = 4 * Number.EPSILON * Math.max(Math.abs(ratio), 1);
  if (Math.abs(ratio - roundedRatio) < tolerance)
    return 0;
  return ratio - roundedRatio;
}
var EVALUATING = /* @__PURE__ */ Symbol("evaluating");
function defineLazy(object2, key, getter) {
  let value = void 0;
  Object.defineProperty(object2, key, {
    get() {
      if (value === EVALUATING) {
        return void 0;
      }
      if (value === void 0) {
        value = EVALUATING;
        value = getter();
      }
      return value;
    },
    set(v) {
      Object.defineProperty(object2, key, {
        value: v
        // configurable: true,
      });
    },
    configurable: true
  });
}
function objectClone(obj) {
  return Object.create(Object.getPrototypeOf(obj), Object.getOwnPropertyDescriptors(obj));
}
function assignProp(target, prop, value) {
  Object.defineProperty(target, prop, {
    value,
    writable: true,
    enumerable: true,
    configurable: true
  });
}
function rawShape(def) {
  const desc = Object.getOwnPropertyDescriptor(def, "shape");
  return desc?.get ? desc.get.raw : desc?.value;
}
function sourceShape(schema) {
  return rawShape(schema._zod.def) ?? schema._zod.def.shape;
}
function deferProp(target, key, getter) {
  Object.defineProperty(target, key, {
    get() {
      const value = getter();
      assignProp(this, key, value);
      return value;
    },
    enumerable: true,
    configurable: true
  });
}
function putProp(target, key, value) {
  if (key in target)
    assignProp(target, key, value);
  else
    target[key] = value;
}
function mirrorShape(target, source, keys, wrap) {
  const raw = sourceShape(source);
  for (const key of keys) {
    const desc = Object.getOwnPropertyDescriptor(raw, key);
    if (!desc.enumerable)
      continue;
    if (desc.get) {
      deferProp(target, key, () => {
        const value = source._zod.def.shape[key];
        return wrap ? wrap(value, key) : value;
      });
    } else
      putProp(target, key, wrap ? wrap(desc.value, key) : desc.value);
  }
}
function mirrorProps(target, source) {
  for (const key of Reflect.ownKeys(source)) {
    const desc = Object.getOwnPropertyDescriptor(source, key);
    if (!desc.enumerable)
      continue;
    if (desc.get)
      deferProp(target, key, () => source[key]);
    else
      putProp(target, key, desc.value);
  }
}
function mergeDefs(...defs) {
  const mergedDescriptors = {};
  for (const def of defs) {
    const descriptors = Object.getOwnPropertyDescriptors(def);
    Object.assign(mergedDescriptors, descriptors);
  }
  return Object.defineProperties({}, mergedDescriptors);
}
function cloneDef(schema) {
  return mergeDefs(schema._zod.def);
}
function getElementAtPath(obj, path) {
  if (!path)
    return obj;
  return path.reduce((acc, key) => acc?.[key], obj);
}
function promiseAllObject(promisesObj) {
  const keys = Object.keys(promisesObj);
  const promises2 = keys.map((key) => promisesObj[key]);
  return Promise.all(promises2).then((results) => {
    const resolvedObj = {};
    for (let i = 0; i < keys.length; i++) {
      resolvedObj[keys[i]] = results[i];
    }
    return resolvedObj;
  });
}
function randomString(length = 10) {
  const chars = "abcdefghijklmnopqrstuvwxyz";
  let str = "";
  for (let i = 0; i < length; i++) {
    str += chars[Math.floor(Math.random() * chars.length)];
  }
  return str;
}
function esc(str) {
  return JSON.stringify(str);
}
function slugify(input) {
  return input.toLowerCase().trim().replace(/[^\w\s-]/g, "").replace(/[\s_-]+/g, "-").replace(/^-+|-+$/g, "");
}
var captureStackTrace = "captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => {
};
function isObject(data) {
  return typeof data === "object" && data !== null && !Array.isArray(data);
}
var allowsEval = /* @__PURE__ */ cached(() => {
  if (globalConfig.jitless) {
    return false;
  }
  if (typeof navigator !== "undefined" && navigator?.userAgent?.includes("Cloudflare")) {
    return false;
  }
  try {
    const F = Function;
    new F("");
    return true;
  } catch (_) {
    return false;
  }
});
function isPlainObject(o) {
  if (isObject(o) === false)
    return false;
  const ctor = o.constructor;
  if (ctor === void 0)
    return true;
  if (typeof ctor !== "function")
    return true;
  const prot = ctor.prototype;
  if (isObject(prot) === false)
    return false;
  if (Object.prototype.hasOwnProperty.call(prot, "isPrototypeOf") === false) {
    return false;
  }
  return true;
}
function shallowClone(o) {
  if (isPlainObject(o))
    return { ...o };
  if (Array.isArray(o))
    return [...o];
  if (o instanceof Map)
    return new Map(o);
  if (o instanceof Set)
    return new Set(o);
  return o;
}
function numKeys(data) {
  let keyCount = 0;
  for (const key in data) {
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      keyCount++;
    }
  }
  return keyCount;
}
var getParsedType = (data) => {
  const t = typeof data;
  switch (t) {
    case "undefined":
      return "undefined";
    case "string":
      return "string";
    case "number":
      return Number.isNaN(data) ? "nan" : "number";
    case "boolean":
      return "boolean";
    case "function":
      return "function";
    case "bigint":
      return "bigint";
    case "symbol":
      return "symbol";
    case "object":
      if (Array.isArray(data)) {
        return "array";
      }
      if (data === null) {
        return "null";
      }
      if (data.then && typeof data.then === "function" && data.catch && typeof data.catch === "function") {
        return "promise";
      }
      if (typeof Map !== "undefined" && data instanceof Map) {
        return "map";
      }
      if (typeof Set !== "undefined" && data instanceof Set) {
        return "set";
      }
      if (typeof Date !== "undefined" && data instanceof Date) {
        return "date";
      }
      if (typeof File !== "undefined" && data instanceof File) {
        return "file";
      }
      return "object";
    default:
      throw new Error(`Unknown data type: ${t}`);
  }
};
var propertyKeyTypes = /* @__PURE__ */ new Set(["string", "number", "symbol"]);
var primitiveTypes = /* @__PURE__ */ new Set([
  "string",
  "number",
  "bigint",
  "boolean",
  "symbol",
  "undefined"
]);
function escapeRegex(str) {
  return str.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function clone(inst, def, params) {
  const cl = new inst._zod.constr(def ?? inst._zod.def);
  if (!def || params?.parent)
    cl._zod.parent = inst;
  return cl;
}
function normalizeParams(_params) {
  const params = _params;
  if (!params)
    return {};
  if (typeof params === "string")
    return { error: () => params };
  if (params?.message !== void 0) {
    if (params?.error !== void 0)
      throw new Error("Cannot specify both `message` and `error` params");
    params.error = params.message;
  }
  delete params.message;
  if (typeof params.error === "string")
    return { ...params, error: () => params.error };
  return params;
}
function createTransparentProxy(getter) {
  let target;
  return new Proxy({}, {
    get(_, prop, receiver) {
      target ?? (target = getter());
      return Reflect.get(target, prop, receiver);
    },
    set(_, prop, value, receiver) {
      target ?? (target = getter());
      return Reflect.set(target, prop, value, receiver);
    },
    has(_, prop) {
      target ?? (target = getter());
      return Reflect.has(target, prop);
    },
    deleteProperty(_, prop) {
      target ?? (target = getter());
      return Reflect.deleteProperty(target, prop);
    },
    ownKeys(_) {
      target ?? (target = getter());
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(_, prop) {
      target ?? (target = getter());
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
    defineProperty(_, prop, descriptor) {
      target ?? (target = getter());
      return Reflect.defineProperty(target, prop, descriptor);
    }
  });
}
function stringifyPrimitive(value) {
  if (typeof value === "bigint")
    return value.toString() + "n";
  if (typeof value === "string")
    return `"${value}"`;
  return `${value}`;
}
function optionalKeys(shape) {
  return Object.keys(shape).filter((k) => {
    return shape[k]._zod.optin !== void 0 && shape[k]._zod.optout === "optional";
  });
}
var NUMBER_FORMAT_RANGES = /* @__PURE__ */ (() => ({
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-34028234663852886e22, 34028234663852886e22],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE]
}))();
var BIGINT_FORMAT_RANGES = {
  int64: [/* @__PURE__ */ BigInt("-9223372036854775808"), /* @__PURE__ */ BigInt("9223372036854775807")],
  uint64: [/* @__PURE__ */ BigInt(0), /* @__PURE__ */ BigInt("18446744073709551615")]
};
function pick(schema, mask) {
  const currDef = schema._zod.def;
  const checks = currDef.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    throw new Error(".pick() cannot be used on object schemas containing refinements");
  }
  const newShape = {};
  mirrorShape(newShape, schema, maskedKeys(schema, mask));
  return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
function maskedKeys(schema, mask) {
  const raw = sourceShape(schema);
  const keys = [];
  for (const key of Reflect.ownKeys(mask)) {
    if (!Object.getOwnPropertyDescriptor(raw, key)?.enumerable) {
      throw new Error(`Unrecognized key: "${String(key)}"`);
    }
    if (mask[key])
      keys.push(key);
  }
  return keys;
}
function omit(schema, mask) {
  const currDef = schema._zod.def;
  const checks = currDef.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    throw new Error(".omit() cannot be used on object schemas containing refinements");
  }
  const omitted = new Set(maskedKeys(schema, mask));
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)).filter((key) => !omitted.has(key)));
  return clone(schema, mergeDefs(currDef, { shape: newShape, checks: [] }));
}
function extend(schema, shape) {
  if (!isPlainObject(shape)) {
    throw new Error("Invalid input to extend: expected a plain object");
  }
  const checks = schema._zod.def.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    const existingShape = sourceShape(schema);
    for (const key of Reflect.ownKeys(shape)) {
      if (Object.getOwnPropertyDescriptor(existingShape, key) !== void 0) {
        throw new Error("Cannot overwrite keys on object schemas containing refinements. Use `.safeExtend()` instead.");
      }
    }
  }
  return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function extended(schema, shape) {
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)));
  mirrorProps(newShape, shape);
  return newShape;
}
function safeExtend(schema, shape) {
  if (!isPlainObject(shape)) {
    throw new Error("Invalid input to safeExtend: expected a plain object");
  }
  return clone(schema, mergeDefs(schema._zod.def, { shape: extended(schema, shape) }));
}
function merge(a, b) {
  if (!b?._zod?.def) {
    throw new Error("Invalid input to merge: expected an object schema. To merge a plain shape, use `.extend()`.");
  }
  if (a._zod.def.checks?.length) {
    throw new Error(".merge() cannot be used on object schemas containing refinements. Use .safeExtend() instead.");
  }
  const newShape = {};
  mirrorShape(newShape, a, Reflect.ownKeys(sourceShape(a)));
  mirrorShape(newShape, b, Reflect.ownKeys(sourceShape(b)));
  const def = mergeDefs(a._zod.def, {
    shape: newShape,
    get catchall() {
      return b._zod.def.catchall;
    },
    checks: b._zod.def.checks ?? []
  });
  return clone(a, def);
}
function partial(Class2, schema, mask, name = "partial") {
  const currDef = schema._zod.def;
  const checks = currDef.checks;
  const hasChecks = checks && checks.length > 0;
  if (hasChecks) {
    throw new Error(`.${name}() cannot be used on object schemas containing refinements`);
  }
  const selected = mask ? new Set(maskedKeys(schema, mask)) : void 0;
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), Class2 && ((value, key) => selected && !selected.has(key) ? value : new Class2({ type: "optional", innerType: value })));
  return clone(schema, mergeDefs(schema._zod.def, { shape: newShape, checks: [] }));
}
function required(Class2, schema, mask) {
  const selected = mask ? new Set(maskedKeys(schema, mask)) : void 0;
  const newShape = {};
  mirrorShape(newShape, schema, Reflect.ownKeys(sourceShape(schema)), (value, key) => (
    // overwrite with non-optional
    selected && !selected.has(key) ? value : new Class2({ type: "nonoptional", innerType: value })
  ));
  return clone(schema, mergeDefs(schema._zod.def, { shape: newShape }));
}
function aborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue !== true) {
      return true;
    }
  }
  return false;
}
function explicitlyAborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue === false) {
      return true;
    }
  }
  return false;
}
function prefixIssues(path, issues) {
  return issues.map((iss) => {
    var _a2;
    (_a2 = iss).path ?? (_a2.path = []);
    iss.path.unshift(path);
    return iss;
  });
}
function unwrapMessage(message4) {
  return typeof message4 === "string" ? message4 : message4?.message;
}
function sizeCaps(defChecks) {
  const caps = [];
  for (const ch of defChecks ?? []) {
    const d = ch._zod.def;
    if (!/_(length|size)$|_equals$/.test(d.check))
      break;
    const max = d.maximum ?? d.length ?? d.size;
    if (max >= 0)
      caps.push([max, ch]);
  }
  return caps;
}
function attachSchema(issues, start, inst) {
  var _a2;
  for (let i = start; i < issues.length; i++) {
    (_a2 = issues[i]).schema ?? (_a2.schema = inst);
  }
}
function finalizeIssue(iss, ctx, config2) {
  var _a2;
  const traits = iss.inst?._zod?.traits;
  if (traits?.has("$ZodType")) {
    if (traits.has("$ZodCheck"))
      (_a2 = iss).schema ?? (_a2.schema = iss.inst);
    else
      iss.schema = iss.inst;
  }
  const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : void 0;
  const message4 = iss.message ? iss.message : unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ?? unwrapMessage(schemaError?.(iss)) ?? unwrapMessage(ctx?.error?.(iss)) ?? unwrapMessage(config2.customError?.(iss)) ?? unwrapMessage(config2.localeError?.(iss)) ?? "Invalid input";
  const full = {};
  for (const k of Object.keys(iss)) {
    if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
      continue;
    full[k] = iss[k];
  }
  full.path ?? (full.path = []);
  full.message = message4;
  if (ctx?.reportInput) {
    full.input = iss.input;
  }
  return full;
}
function getSizableOrigin(input) {
  if (input instanceof Set)
    return "set";
  if (input instanceof Map)
    return "map";
  if (input instanceof File)
    return "file";
  return "unknown";
}
var highSurrogate = /[\uD800-\uDBFF]/;
function codePointLength(str) {
  const units = str.length;
  if (!highSurrogate.test(str))
    return units;
  let count = units;
  for (let i = 0; i < units - 1; i++) {
    if ((str.charCodeAt(i) & 64512) === 55296 && (str.charCodeAt(i + 1) & 64512) === 56320) {
      count--;
      i++;
    }
  }
  return count;
}
function getLengthableOrigin(input) {
  if (Array.isArray(input))
    return "array";
  if (typeof input === "string")
    return "string";
  return "unknown";
}
function parsedType(data) {
  const t = typeof data;
  switch (t) {
    case "number": {
      return Number.isNaN(data) ? "nan" : "number";
    }
    case "object": {
      if (data === null) {
        return "null";
      }
      if (Array.isArray(data)) {
        return "array";
      }
      const obj = data;
      if (obj && Object.getPrototypeOf(obj) !== Object.prototype && "constructor" in obj && obj.constructor) {
        return obj.constructor.name;
      }
    }
  }
  return t;
}
function issue(...args) {
  const [iss, input, inst] = args;
  if (typeof iss === "string") {
    return {
      message: iss,
      code: "custom",
      input,
      inst
    };
  }
  return { ...iss };
}
function cleanEnum(obj) {
  return Object.entries(obj).filter(([k, _]) => {
    return Number.isNaN(Number.parseInt(k, 10));
  }).map((el) => el[1]);
}
function base64ToUint8Array(base64) {
  const binaryString = atob(base64);
  const bytes = new Uint8Array(binaryString.length);
  for (let i = 0; i < binaryString.length; i++) {
    bytes[i] = binaryString.charCodeAt(i);
  }
  return bytes;
}
function uint8ArrayToBase64(bytes) {
  let binaryString = "";
  for (let i = 0; i < bytes.length; i++) {
    binaryString += String.fromCharCode(bytes[i]);
  }
  return btoa(binaryString);
}
function base64urlToUint8Array(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padding = "=".repeat((4 - base64.length % 4) % 4);
  return base64ToUint8Array(base64 + padding);
}
function uint8ArrayToBase64url(bytes) {
  return uint8ArrayToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=/g, "");
}
function hexToUint8Array(hex) {
  const cleanHex = hex.replace(/^0x/, "");
  if (cleanHex.length % 2 !== 0) {
    throw new Error("Invalid hex string length");
  }
  const bytes = new Uint8Array(cleanHex.length / 2);
  for (let i = 0; i < cleanHex.length; i += 2) {
    bytes[i / 2] = Number.parseInt(cleanHex.slice(i, i + 2), 16);
  }
  return bytes;
}
function uint8ArrayToHex(bytes) {
  return Array.from(bytes).map((b) => b.toString(16).padStart(2, "0")).join("");
}
var Class = class {
  constructor(..._args) {
  }
};
function members(proto, table) {
  for (const key in table) {
    const desc = Object.getOwnPropertyDescriptor(table, key);
    if (desc.get)
      Object.defineProperty(proto, key, { ...desc, enumerable: false });
    else
      defineBound(proto, key, desc.value);
  }
}
function own(inst, key, value, enumerable = true) {
  Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
  return value;
}
function hide(inst, key, value) {
  return own(inst, key, value, false);
}
// @__NO_SIDE_EFFECTS__
function derived(computes, table) {
  for (const key in computes) {
    const compute = computes[key];
    Object.defineProperty(table, key, {
      configurable: true,
      enumerable: true,
      get() {
        return own(this, key, compute(this));
      },
      set(value) {
        own(this, key, value);
      }
    });
  }
  return table;
}
function defineBound(proto, key, fn) {
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      return this == null ? fn : own(this, key, fn.bind(this));
    },
    set(value) {
      own(this, key, value);
    }
  });
}
function claim(inst, sentinel) {
  const proto = Object.getPrototypeOf(inst);
  return sentinel in proto ? void 0 : proto;
}
var installing;
var broke = false;
var breaker = {
  configurable: true,
  get() {
    broke = true;
    return void 0;
  }
};
function defineLazyInternal(inst, key, compute) {
  const proto = Object.getPrototypeOf(inst._zod);
  if (key in proto && installing !== inst._zod) {
    installing = void 0;
    return;
  }
  installing = inst._zod;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      Object.defineProperty(this, key, breaker);
      const outer = broke;
      broke = false;
      try {
        const value = compute(this);
        if (broke)
          delete this[key];
        else
          Object.defineProperty(this, key, { configurable: true, writable: true, value });
        broke = broke || outer;
        return value;
      } catch (err) {
        delete this[key];
        broke = broke || outer;
        throw err;
      }
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, value });
    }
  });
}
function installLazyProp(inst, key, make, enumerable) {
  const proto = claim(inst, key);
  if (!proto)
    return;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      const desc = { configurable: true, writable: true, enumerable, value: void 0 };
      Object.defineProperty(this, key, desc);
      desc.value = make(this);
      Object.defineProperty(this, key, desc);
      return desc.value;
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, enumerable, value });
    }
  });
}
var CONSTANT_CATCH = "~constantCatch";
function constantCatch(value) {
  const fn = () => value;
  fn[CONSTANT_CATCH] = true;
  return fn;
}

// node_modules/zod/v4/core/core.js
var _a;
var _zodDesc = { value: void 0, enumerable: false };
var _E = "captureStackTrace" in Error ? Error : null;
function newError(Definition) {
  const E = _E;
  if (E) {
    const saved = E.stackTraceLimit;
    if (typeof saved === "number") {
      try {
        E.stackTraceLimit = 0;
      } catch {
        _E = null;
        return new Definition();
      }
      try {
        return new Definition();
      } finally {
        E.stackTraceLimit = saved;
      }
    }
  }
  return new Definition();
}
// @__NO_SIDE_EFFECTS__
function $constructor(name, initializer2, proto, params) {
  const zodProto = {};
  function Internals(def) {
    this.def = def;
    this.constr = _;
    this.traits = /* @__PURE__ */ new Set();
  }
  Internals.prototype = zodProto;
  const protoMembers = proto;
  const initialized = protoMembers && /* @__PURE__ */ new WeakSet();
  function init(inst, def) {
    if (!inst._zod) {
      _zodDesc.value = new Internals(def);
      try {
        Object.defineProperty(inst, "_zod", _zodDesc);
      } finally {
        _zodDesc.value = void 0;
      }
    } else if (inst._zod.traits.has(name)) {
      return;
    }
    inst._zod.traits.add(name);
    initializer2(inst, def);
    if (initialized) {
      const own2 = Object.getPrototypeOf(inst);
      const ctorProto = inst._zod.constr.prototype;
      let up = own2;
      while (up && up !== ctorProto)
        up = Object.getPrototypeOf(up);
      const target = up ?? own2;
      if (!initialized.has(target)) {
        initialized.add(target);
        members(target, protoMembers);
      }
    }
    const proto2 = _.prototype;
    for (const k in proto2) {
      if (!Object.prototype.hasOwnProperty.call(proto2, k))
        continue;
      if (!(k in inst)) {
        inst[k] = proto2[k].bind(inst);
      }
    }
  }
  const Parent = params?.Parent ?? Object;
  class Definition extends Parent {
  }
  Object.defineProperty(Definition, "name", { value: name });
  function _(def) {
    const inst = params?.Parent ? newError(Definition) : this;
    init(inst, def);
    const deferred = inst._zod.deferred;
    if (deferred) {
      for (const fn of deferred) {
        fn();
      }
      inst._zod.deferred = void 0;
    }
    const pp = globalThis.__zod_globalConfig?.postProcessor;
    if (pp)
      pp(inst);
    return inst;
  }
  Object.defineProperty(_, "init", { value: init });
  Object.defineProperty(_, Symbol.hasInstance, {
    value: (inst) => {
      if (params?.Parent && inst instanceof params.Parent)
        return true;
      return inst?._zod?.traits?.has(name);
    }
  });
  Object.defineProperty(_, "name", { value: name });
  return _;
}
var $ZodAsyncError = class extends Error {
  constructor() {
    super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
  }
};
var $ZodEncodeError = class extends Error {
  constructor(name) {
    super(`Encountered unidirectional transform during encode: ${name}`);
    this.name = "ZodEncodeError";
  }
};
(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});
var globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
  if (newConfig)
    Object.assign(globalConfig, newConfig);
  return globalConfig;
}

// node_modules/zod/v4/core/regexes.js
var anyString = /^[\s\S]{0,}$/;
var number = /^-?\d+(?:\.\d+)?$/;
var boolean = /^(?:true|false)$/i;

// node_modules/zod/v4/core/checks.js
var $ZodCheck = /* @__PURE__ */ $constructor("$ZodCheck", (inst, def) => {
  var _a2;
  inst._zod ?? (inst._zod = {});
  inst._zod.def = def;
  (_a2 = inst._zod).onattach ?? (_a2.onattach = []);
});
var _whenHasLength = (payload) => {
  const val = payload.value;
  return !nullish(val) && val.length !== void 0;
};
var numericOriginMap = {
  number: "number",
  bigint: "bigint",
  object: "date"
};
var $ZodCheckLessThan = /* @__PURE__ */ $constructor("$ZodCheckLessThan", (inst, def) => {
  $ZodCheck.init(inst, def);
  const origin = numericOriginMap[typeof def.value];
  inst._zod.check = (payload) => {
    if (def.inclusive ? payload.value <= def.value : payload.value < def.value) {
      return;
    }
    payload.issues.push({
      origin: numericOriginMap[typeof payload.value] ?? origin,
      code: "too_big",
      maximum: typeof def.value === "object" ? def.value.getTime() : def.value,
      input: payload.value,
      inclusive: def.inclusive,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckGreaterThan = /* @__PURE__ */ $constructor("$ZodCheckGreaterThan", (inst, def) => {
  $ZodCheck.init(inst, def);
  const origin = numericOriginMap[typeof def.value];
  inst._zod.check = (payload) => {
    if (def.inclusive ? payload.value >= def.value : payload.value > def.value) {
      return;
    }
    payload.issues.push({
      origin: numericOriginMap[typeof payload.value] ?? origin,
      code: "too_small",
      minimum: typeof def.value === "object" ? def.value.getTime() : def.value,
      input: payload.value,
      inclusive: def.inclusive,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckNumberFormat = /* @__PURE__ */ $constructor("$ZodCheckNumberFormat", (inst, def) => {
  $ZodCheck.init(inst, def);
  def.format = def.format || "float64";
  const isInt = def.format?.includes("int");
  const origin = isInt ? "int" : "number";
  const [minimum, maximum] = NUMBER_FORMAT_RANGES[def.format];
  inst._zod.check = (payload) => {
    const input = payload.value;
    if (isInt) {
      if (!Number.isInteger(input)) {
        payload.issues.push({
          expected: origin,
          format: def.format,
          code: "invalid_type",
          continue: false,
          input,
          inst
        });
        return;
      }
      if (!Number.isSafeInteger(input)) {
        if (input > 0) {
          payload.issues.push({
            input,
            code: "too_big",
            maximum: Number.MAX_SAFE_INTEGER,
            note: "Integers must be within the safe integer range.",
            inst,
            origin,
            inclusive: true,
            continue: !def.abort
          });
        } else {
          payload.issues.push({
            input,
            code: "too_small",
            minimum: Number.MIN_SAFE_INTEGER,
            note: "Integers must be within the safe integer range.",
            inst,
            origin,
            inclusive: true,
            continue: !def.abort
          });
        }
        return;
      }
    }
    if (input < minimum) {
      payload.issues.push({
        origin: "number",
        input,
        code: "too_small",
        minimum,
        inclusive: true,
        inst,
        continue: !def.abort
      });
    }
    if (input > maximum) {
      payload.issues.push({
        origin: "number",
        input,
        code: "too_big",
        maximum,
        inclusive: true,
        inst,
        continue: !def.abort
      });
    }
  };
});
var $ZodCheckMinLength = /* @__PURE__ */ $constructor("$ZodCheckMinLength", (inst, def) => {
  var _a2;
  $ZodCheck.init(inst, def);
  (_a2 = inst._zod.def).when ?? (_a2.when = _whenHasLength);
  inst._zod.check = (payload) => {
    const input = payload.value;
    const units = input.length;
    const length = typeof input === "string" && units >= def.minimum && units < def.minimum * 2 ? codePointLength(input) : units;
    if (length >= def.minimum)
      return;
    const origin = getLengthableOrigin(input);
    payload.issues.push({
      origin,
      code: "too_small",
      minimum: def.minimum,
      inclusive: true,
      input,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckStringFormat = /* @__PURE__ */ $constructor("$ZodCheckStringFormat", (inst, def) => {
  var _a2, _b;
  $ZodCheck.init(inst, def);
  if (def.pattern)
    (_a2 = inst._zod).check ?? (_a2.check = (payload) => {
      def.pattern.lastIndex = 0;
      if (def.pattern.test(payload.value))
        return;
      payload.issues.push({
        origin: "string",
        code: "invalid_format",
        format: def.format,
        input: payload.value,
        ...def.pattern ? { pattern: def.pattern.toString() } : {},
        inst,
        continue: !def.abort
      });
    });
  else
    (_b = inst._zod).check ?? (_b.check = () => {
    });
});
var $ZodCheckRegex = /* @__PURE__ */ $constructor("$ZodCheckRegex", (inst, def) => {
  $ZodCheckStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    def.pattern.lastIndex = 0;
    if (def.pattern.test(payload.value))
      return;
    payload.issues.push({
      origin: "string",
      code: "invalid_format",
      format: "regex",
      input: payload.value,
      pattern: def.pattern.toString(),
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckOverwrite = /* @__PURE__ */ $constructor("$ZodCheckOverwrite", (inst, def) => {
  $ZodCheck.init(inst, def);
  inst._zod.check = (payload) => {
    payload.value = def.tx(payload.value);
  };
});

// node_modules/zod/v4/core/errors.js
function _getMessage() {
  const internals = this._zod;
  internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
  return internals.message;
}
function _setMessage(value) {
  this._zod.message = value;
}
var _messageDesc = {
  get: _getMessage,
  set: _setMessage,
  enumerable: true,
  configurable: true
};
var _issuesDesc = { value: void 0, enumerable: false };
var _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
var initializer = (inst, def) => {
  inst.name = "$ZodError";
  _issuesDesc.value = def;
  Object.defineProperty(inst, "issues", _issuesDesc);
  _issuesDesc.value = void 0;
  Object.defineProperty(inst, "message", _messageDesc);
  const proto = Object.getPrototypeOf(inst);
  if (!_installedToString.has(proto)) {
    _installedToString.add(proto);
    Object.defineProperty(proto, "toString", {
      configurable: true,
      enumerable: false,
      get() {
        const value = () => this.message;
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
      }
    });
  }
};
var $ZodError = $constructor("$ZodError", initializer);
var $ZodRealError = $constructor("$ZodError", initializer, void 0, {
  Parent: Error
});

// node_modules/zod/v4/core/parse.js
var _parse = (_Err) => {
  const fn = (schema, value, _ctx, _params) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
      throw new $ZodAsyncError();
    }
    if (result.issues.length) {
      const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, _params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parse = /* @__PURE__ */ _parse($ZodRealError);
var _parseAsync = (_Err) => {
  const fn = async (schema, value, _ctx, params) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
      result = await result;
    if (result.issues.length) {
      const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parseAsync = /* @__PURE__ */ _parseAsync($ZodRealError);
var _safeParse = (_Err) => (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
  const result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise) {
    throw new $ZodAsyncError();
  }
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParse = /* @__PURE__ */ _safeParse($ZodRealError);
function failure(Err, issues, ctx) {
  let error3;
  return {
    success: false,
    get error() {
      if (!error3) {
        error3 = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
        issues = void 0;
        ctx = void 0;
      }
      return error3;
    },
    set error(e) {
      error3 = e;
      issues = void 0;
      ctx = void 0;
    }
  };
}
var _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
  let result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise)
    result = await result;
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParseAsync = /* @__PURE__ */ _safeParseAsync($ZodRealError);

// node_modules/zod/v4/core/versions.js
var version = {
  major: 4,
  minor: 6,
  patch: 7
};

// node_modules/zod/v4/core/schemas.js
var $ZodType = /* @__PURE__ */ $constructor("$ZodType", (inst, def) => {
  var _a2;
  inst ?? (inst = {});
  inst._zod.def = def;
  inst._zod.bag = inst._zod.bag || {};
  inst._zod.version = version;
  const defChecks = inst._zod.def.checks;
  const checks = inst._zod.traits.has("$ZodCheck") ? [inst, ...defChecks ?? []] : defChecks?.length ? [...defChecks] : [];
  for (const ch of checks) {
    for (const fn of ch._zod.onattach) {
      fn(inst);
    }
  }
  if (checks.length === 0) {
    (_a2 = inst._zod).deferred ?? (_a2.deferred = []);
    inst._zod.deferred?.push(() => {
      inst._zod.run = inst._zod.parse;
    });
  } else {
    const runChecks = (payload, checks2, ctx) => {
      if (payload.memo)
        return payload;
      let isAborted = aborted(payload);
      let asyncResult;
      for (const ch of checks2) {
        if (ch._zod.def.when) {
          if (explicitlyAborted(payload))
            continue;
          const shouldRun = ch._zod.def.when(payload);
          if (!shouldRun)
            continue;
        } else if (isAborted) {
          continue;
        }
        const currLen = payload.issues.length;
        const _ = ch._zod.check(payload);
        if (_ instanceof Promise && ctx?.async === false) {
          throw new $ZodAsyncError();
        }
        if (asyncResult || _ instanceof Promise) {
          asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
            await _;
            const nextLen = payload.issues.length;
            if (nextLen === currLen)
              return;
            attachSchema(payload.issues, currLen, inst);
            if (!isAborted)
              isAborted = aborted(payload, currLen);
          });
        } else {
          const nextLen = payload.issues.length;
          if (nextLen === currLen)
            continue;
          attachSchema(payload.issues, currLen, inst);
          if (!isAborted)
            isAborted = aborted(payload, currLen);
        }
      }
      if (asyncResult) {
        return asyncResult.then(() => {
          return payload;
        });
      }
      return payload;
    };
    const handleCanaryResult = (canary, payload, ctx) => {
      if (aborted(canary)) {
        canary.aborted = true;
        return canary;
      }
      const checkResult = runChecks(payload, checks, ctx);
      if (checkResult instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return checkResult.then((checkResult2) => inst._zod.parse(checkResult2, ctx));
      }
      return inst._zod.parse(checkResult, ctx);
    };
    inst._zod.run = (payload, ctx) => {
      if (ctx.skipChecks) {
        return inst._zod.parse(payload, ctx);
      }
      if (ctx.direction === "backward") {
        const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
        if (canary instanceof Promise) {
          return canary.then((canary2) => {
            return handleCanaryResult(canary2, payload, ctx);
          });
        }
        return handleCanaryResult(canary, payload, ctx);
      }
      const result = inst._zod.parse(payload, ctx);
      if (result instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return result.then((result2) => runChecks(result2, checks, ctx));
      }
      return runChecks(result, checks, ctx);
    };
  }
}, {
  // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
  get "~standard"() {
    return hide(this, "~standard", standardProps(this));
  },
  set "~standard"(value) {
    own(this, "~standard", value);
  }
});
var toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
  const ctx = { async: true };
  return toStandardResult(await inst._zod.run({ value, issues: [] }, ctx), ctx);
}
function standardProps(inst) {
  return {
    validate: (value) => {
      const ctx = { async: false };
      try {
        const r = inst._zod.run({ value, issues: [] }, ctx);
        if (!(r instanceof Promise))
          return toStandardResult(r, ctx);
      } catch (_) {
      }
      return validateAsync(inst, value);
    },
    vendor: "zod",
    version: 1
  };
}
var $ZodString = /* @__PURE__ */ $constructor("$ZodString", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = def.pattern ?? anyString;
  inst._zod.parse = (payload, _) => {
    if (def.coerce)
      try {
        payload.value = String(payload.value);
      } catch (_2) {
      }
    if (typeof payload.value === "string")
      return payload;
    payload.issues.push({
      expected: "string",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
var $ZodNumber = /* @__PURE__ */ $constructor("$ZodNumber", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = number;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Number(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "number" && !Number.isNaN(input) && Number.isFinite(input)) {
      return payload;
    }
    const received = typeof input === "number" ? Number.isNaN(input) ? "NaN" : !Number.isFinite(input) ? String(input) : void 0 : void 0;
    payload.issues.push({
      expected: "number",
      code: "invalid_type",
      input,
      inst,
      ...received ? { received } : {}
    });
    return payload;
  };
});
var $ZodNumberFormat = /* @__PURE__ */ $constructor("$ZodNumberFormat", (inst, def) => {
  $ZodCheckNumberFormat.init(inst, def);
  $ZodNumber.init(inst, def);
});
var $ZodBoolean = /* @__PURE__ */ $constructor("$ZodBoolean", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = boolean;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Boolean(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "boolean")
      return payload;
    payload.issues.push({
      expected: "boolean",
      code: "invalid_type",
      input,
      inst
    });
    return payload;
  };
});
var $ZodUnknown = /* @__PURE__ */ $constructor("$ZodUnknown", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.parse = (payload) => payload;
});
var $ZodNever = /* @__PURE__ */ $constructor("$ZodNever", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.parse = (payload, _ctx) => {
    payload.issues.push({
      expected: "never",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
function capSize(inst, size) {
  const caps = sizeCaps(inst._zod.def.checks);
  if (!caps.length)
    return;
  const cap = Math.min(...caps.map((c) => c[0]));
  const parse3 = inst._zod.parse;
  inst._zod.parse = (payload, ctx) => {
    const n = size(payload.value);
    if (n > cap && !ctx?.skipChecks && ctx?.direction !== "backward") {
      for (const [max, ch] of sizeCaps(inst._zod.def.checks)) {
        if (n > max && ch._zod.def.when(payload)) {
          const start = payload.issues.length;
          ch._zod.check(payload);
          payload.issues[start].continue = false;
          attachSchema(payload.issues, start, inst);
          return payload;
        }
      }
    }
    return parse3(payload, ctx);
  };
}
var arraySize = (input) => Array.isArray(input) ? input.length : -1;
function handleArrayResult(result, final, index) {
  if (result.issues.length) {
    final.issues.push(...prefixIssues(index, result.issues));
  }
  final.value[index] = result.value;
}
var $ZodArray = /* @__PURE__ */ $constructor("$ZodArray", (inst, def) => {
  $ZodType.init(inst, def);
  const memo = globalConfig.memoizer;
  memo?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    const input = payload.value;
    if (!Array.isArray(input)) {
      payload.issues.push({
        expected: "array",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo ? memo.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
    const proms = [];
    const abortEarly = ctx?.abortEarly;
    for (let i = 0; i < input.length; i++) {
      const item = input[i];
      const result = def.element._zod.run({
        value: item,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        proms.push(result.then((result2) => handleArrayResult(result2, payload, i)));
      } else {
        handleArrayResult(result, payload, i);
        if (abortEarly && result.issues.length !== 0 && aborted(result))
          break;
      }
    }
    if (proms.length) {
      return Promise.all(proms).then(() => payload);
    }
    return payload;
  };
  capSize(inst, arraySize);
});
function handlePropertyResult(result, final, key, input, optin, optout) {
  const isPresent = key in input;
  const isOptionalOut = optout === "optional";
  if (!isPresent && isOptionalOut && optin === "optional") {
    return;
  }
  if (result.issues.length) {
    if (optin !== void 0 && isOptionalOut && !isPresent) {
      return;
    }
    final.issues.push(...prefixIssues(key, result.issues));
  }
  if (!isPresent && optin === void 0) {
    if (!result.issues.length) {
      final.issues.push({
        code: "invalid_type",
        expected: "nonoptional",
        input: void 0,
        path: [key]
      });
    }
    return;
  }
  if (result.value === void 0) {
    if (isPresent || optin === "defaulted" && !isOptionalOut) {
      final.value[key] = void 0;
    }
  } else {
    final.value[key] = result.value;
  }
}
var NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
  const keys = Object.keys(def.shape);
  const ownSymbols = Object.getOwnPropertySymbols(def.shape);
  const symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS;
  const allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
  for (const k of allKeys) {
    if (!def.shape?.[k]?._zod?.traits?.has("$ZodType")) {
      throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
    }
  }
  const okeys = optionalKeys(def.shape);
  return {
    ...def,
    allKeys,
    symbolKeys,
    // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
    keySet: new Set(keys),
    numKeys: keys.length,
    optionalKeys: new Set(okeys)
  };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
  const unrecognized = [];
  const keySet = def.keySet;
  const _catchall = def.catchall._zod;
  const t = _catchall.def.type;
  const optin = _catchall.optin;
  const optout = _catchall.optout;
  let seen = 0;
  for (const key in input) {
    if (abortEarly && payload.issues.length !== seen) {
      if (aborted(payload, seen))
        break;
      seen = payload.issues.length;
    }
    if (keySet.has(key))
      continue;
    if (key === "__proto__") {
      if (t === "never")
        unrecognized.push(key);
      continue;
    }
    if (t === "never") {
      unrecognized.push(key);
      continue;
    }
    const r = _catchall.run({ value: input[key], issues: [] }, ctx);
    if (r instanceof Promise) {
      proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
    } else {
      handlePropertyResult(r, payload, key, input, optin, optout);
    }
  }
  if (unrecognized.length) {
    payload.issues.push({
      code: "unrecognized_keys",
      keys: unrecognized,
      input,
      inst,
      // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
      continue: true
    });
  }
  if (!proms.length)
    return payload;
  return Promise.all(proms).then(() => {
    return payload;
  });
}
var $ZodObject = /* @__PURE__ */ $constructor("$ZodObject", (inst, def) => {
  $ZodType.init(inst, def);
  const desc = Object.getOwnPropertyDescriptor(def, "shape");
  const sh = desc?.get ? desc.get.raw : def.shape ?? {};
  if (sh) {
    const get = () => {
      const newSh = { ...sh };
      Object.defineProperty(def, "shape", { value: newSh });
      get.raw = newSh;
      return newSh;
    };
    get.raw = sh;
    Object.defineProperty(def, "shape", { get });
  }
  const _normalized = cached(() => normalizeDef(def));
  defineLazyInternal(inst, "propValues", (zod) => {
    const shape = zod.def.shape;
    const propValues = {};
    for (const key in shape) {
      const field = shape[key]._zod;
      if (field.values) {
        if (!Object.prototype.hasOwnProperty.call(propValues, key)) {
          assignProp(propValues, key, /* @__PURE__ */ new Set());
        }
        for (const v of field.values)
          propValues[key].add(v);
        if (field.optin !== void 0)
          propValues[key].add(void 0);
      }
    }
    return propValues;
  });
  const isObject2 = isObject;
  const catchall = def.catchall;
  let value;
  const memo = globalConfig.memoizer;
  memo?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    value ?? (value = _normalized.value);
    const input = payload.value;
    if (!isObject2(input)) {
      payload.issues.push({
        expected: "object",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
    const proms = [];
    const shape = value.shape;
    const abortEarly = ctx?.abortEarly;
    let seen = payload.issues.length;
    for (const key of value.allKeys) {
      if (abortEarly && payload.issues.length !== seen) {
        if (aborted(payload, seen))
          break;
        seen = payload.issues.length;
      }
      if (key === "__proto__")
        continue;
      const el = shape[key];
      const optin = el._zod.optin;
      const optout = el._zod.optout;
      const r = el._zod.run({ value: input[key], issues: [] }, ctx);
      if (r instanceof Promise) {
        proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
      } else {
        handlePropertyResult(r, payload, key, input, optin, optout);
      }
    }
    if (!catchall) {
      return proms.length ? Promise.all(proms).then(() => payload) : payload;
    }
    return handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === true);
  };
});
function handleUnionResults(results, final, inst, ctx) {
  for (const result of results) {
    if (result.issues.length === 0) {
      final.value = result.value;
      return final;
    }
  }
  const nonaborted = results.filter((r) => !aborted(r));
  if (nonaborted.length === 1) {
    final.value = nonaborted[0].value;
    return nonaborted[0];
  }
  final.issues.push({
    code: "invalid_union",
    input: final.value,
    inst,
    errors: results.map((result) => result.issues.map((iss) => finalizeIssue(iss, ctx, config())))
  });
  return final;
}
var $ZodUnion = /* @__PURE__ */ $constructor("$ZodUnion", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.options.some((o) => o._zod.optin === "defaulted") ? "defaulted" : zod.def.options.some((o) => o._zod.optin !== void 0) ? "optional" : void 0);
  defineLazyInternal(inst, "optout", (zod) => zod.def.options.some((o) => o._zod.optout === "optional") ? "optional" : void 0);
  defineLazyInternal(inst, "values", (zod) => {
    if (zod.def.options.every((o) => o._zod.values)) {
      return new Set(zod.def.options.flatMap((option) => Array.from(option._zod.values)));
    }
    return void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    if (zod.def.options.every((o) => o._zod.pattern)) {
      const patterns = zod.def.options.map((o) => o._zod.pattern);
      return new RegExp(`^(${patterns.map((p) => cleanRegex(p.source)).join("|")})$`);
    }
    return void 0;
  });
  const first = def.options.length === 1 ? def.options[0]._zod.run : null;
  inst._zod.parse = (payload, ctx) => {
    if (first) {
      return first(payload, ctx);
    }
    let async = false;
    const results = [];
    for (const option of def.options) {
      const result = option._zod.run({
        value: payload.value,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        results.push(result);
        async = true;
      } else {
        if (result.issues.length === 0)
          return result;
        results.push(result);
      }
    }
    if (!async)
      return handleUnionResults(results, payload, inst, ctx);
    return Promise.all(results).then((results2) => {
      return handleUnionResults(results2, payload, inst, ctx);
    });
  };
});
var $ZodRecord = /* @__PURE__ */ $constructor("$ZodRecord", (inst, def) => {
  $ZodType.init(inst, def);
  const memo = globalConfig.memoizer;
  memo?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    const input = payload.value;
    if (!isPlainObject(input)) {
      payload.issues.push({
        expected: "record",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    const proms = [];
    const values = def.keyType._zod.values;
    if (values && !def.partial) {
      payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
      const recordKeys = /* @__PURE__ */ new Set();
      for (const key of values) {
        if (typeof key === "string" || typeof key === "number" || typeof key === "symbol") {
          recordKeys.add(typeof key === "number" ? key.toString() : key);
          if (key === "__proto__")
            continue;
          const keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
          if (keyResult instanceof Promise) {
            throw new Error("Async schemas not supported in object keys currently");
          }
          if (keyResult.issues.length) {
            payload.issues.push({
              code: "invalid_key",
              origin: "record",
              issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
              input: key,
              path: [key],
              inst
            });
            continue;
          }
          const outKey = keyResult.value;
          if (outKey === "__proto__")
            continue;
          const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
          if (result instanceof Promise) {
            proms.push(result.then((result2) => {
              if (result2.issues.length) {
                payload.issues.push(...prefixIssues(key, result2.issues));
              }
              payload.value[outKey] = result2.value;
            }));
          } else {
            if (result.issues.length) {
              payload.issues.push(...prefixIssues(key, result.issues));
            }
            payload.value[outKey] = result.value;
          }
        }
      }
      let unrecognized;
      for (const key in input) {
        if (!recordKeys.has(key)) {
          if (def.mode === "loose") {
            if (key === "__proto__")
              continue;
            payload.value[key] = input[key];
          } else {
            unrecognized = unrecognized ?? [];
            unrecognized.push(key);
          }
        }
      }
      if (unrecognized && unrecognized.length > 0) {
        payload.issues.push({
          code: "unrecognized_keys",
          input,
          inst,
          keys: unrecognized,
          continue: true
        });
      }
    } else {
      payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
      let unrecognized;
      for (const key of Reflect.ownKeys(input)) {
        if (key === "__proto__")
          continue;
        if (!Object.prototype.propertyIsEnumerable.call(input, key))
          continue;
        let keyResult = def.keyType._zod.run({ value: key, issues: [] }, ctx);
        if (keyResult instanceof Promise) {
          throw new Error("Async schemas not supported in object keys currently");
        }
        const checkNumericKey = typeof key === "string" && number.test(key) && keyResult.issues.length;
        if (checkNumericKey) {
          const retryResult = def.keyType._zod.run({ value: Number(key), issues: [] }, ctx);
          if (retryResult instanceof Promise) {
            throw new Error("Async schemas not supported in object keys currently");
          }
          if (retryResult.issues.length === 0) {
            keyResult = retryResult;
          }
        }
        if (keyResult.issues.length) {
          if (def.mode === "loose") {
            payload.value[key] = input[key];
          } else if (values) {
            unrecognized = unrecognized ?? [];
            unrecognized.push(key);
          } else {
            payload.issues.push({
              code: "invalid_key",
              origin: "record",
              issues: keyResult.issues.map((iss) => finalizeIssue(iss, ctx, config())),
              input: key,
              path: [key],
              inst
            });
          }
          continue;
        }
        const outKey = keyResult.value;
        if (outKey === "__proto__")
          continue;
        const result = def.valueType._zod.run({ value: input[key], issues: [] }, ctx);
        if (result instanceof Promise) {
          proms.push(result.then((result2) => {
            if (result2.issues.length) {
              payload.issues.push(...prefixIssues(key, result2.issues));
            }
            payload.value[outKey] = result2.value;
          }));
        } else {
          if (result.issues.length) {
            payload.issues.push(...prefixIssues(key, result.issues));
          }
          payload.value[outKey] = result.value;
        }
      }
      if (unrecognized && unrecognized.length > 0) {
        payload.issues.push({
          code: "unrecognized_keys",
          input,
          inst,
          keys: unrecognized,
          continue: true
        });
      }
    }
    if (proms.length) {
      return Promise.all(proms).then(() => payload);
    }
    return payload;
  };
});
var $ZodEnum = /* @__PURE__ */ $constructor("$ZodEnum", (inst, def) => {
  $ZodType.init(inst, def);
  const values = getEnumValues(def.entries);
  const valuesSet = new Set(values);
  inst._zod.values = valuesSet;
  defineLazyInternal(inst, "pattern", (zod) => {
    const patternValues = getEnumValues(zod.def.entries).filter((k) => propertyKeyTypes.has(typeof k));
    return new RegExp(patternValues.length ? `^(${patternValues.map((o) => escapeRegex(o.toString())).join("|")})$` : "^[^\\s\\S]$");
  });
  inst._zod.parse = (payload, _ctx) => {
    const input = payload.value;
    if (valuesSet.has(input)) {
      return payload;
    }
    payload.issues.push({
      code: "invalid_value",
      values,
      input,
      inst
    });
    return payload;
  };
});
var $ZodLiteral = /* @__PURE__ */ $constructor("$ZodLiteral", (inst, def) => {
  $ZodType.init(inst, def);
  const values = new Set(def.values);
  inst._zod.values = values;
  defineLazyInternal(inst, "pattern", (zod) => {
    const vals = zod.def.values;
    return new RegExp(vals.length ? `^(${vals.map((o) => typeof o === "string" ? escapeRegex(o) : o ? escapeRegex(o.toString()) : String(o)).join("|")})$` : "^[^\\s\\S]$");
  });
  inst._zod.parse = (payload, _ctx) => {
    const input = payload.value;
    if (values.has(input)) {
      return payload;
    }
    payload.issues.push({
      code: "invalid_value",
      values: def.values,
      input,
      inst
    });
    return payload;
  };
});
var $ZodTransform = /* @__PURE__ */ $constructor("$ZodTransform", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.optin = "optional";
  globalConfig.memoizer?.guard(inst);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      throw new $ZodEncodeError(inst.constructor.name);
    }
    const _out = def.transform(payload.value, payload);
    if (ctx.async) {
      const output = _out instanceof Promise ? _out : Promise.resolve(_out);
      return output.then((output2) => {
        payload.value = output2;
        return payload;
      });
    }
    if (_out instanceof Promise) {
      throw new $ZodAsyncError();
    }
    payload.value = _out;
    return payload;
  };
});
function handleOptionalResult(payload, result) {
  payload.value = result.issues.length ? void 0 : result.value;
  return payload;
}
var $ZodOptional = /* @__PURE__ */ $constructor("$ZodOptional", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
  inst._zod.optout = "optional";
  defineLazyInternal(inst, "values", (zod) => {
    const values = zod.def.innerType._zod.values;
    return values ? /* @__PURE__ */ new Set([...values, void 0]) : void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    const pattern = zod.def.innerType._zod.pattern;
    return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : void 0;
  });
  inst._zod.parse = (payload, ctx) => {
    if (payload.value === void 0) {
      if (def.innerType._zod.optin !== "defaulted")
        return payload;
      const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
      if (result instanceof Promise)
        return result.then((result2) => handleOptionalResult(payload, result2));
      return handleOptionalResult(payload, result);
    }
    return def.innerType._zod.run(payload, ctx);
  };
});
var $ZodNullable = /* @__PURE__ */ $constructor("$ZodNullable", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin);
  defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
  defineLazyInternal(inst, "pattern", (zod) => {
    const pattern = zod.def.innerType._zod.pattern;
    return pattern ? new RegExp(`^(${cleanRegex(pattern.source)}|null)$`) : void 0;
  });
  defineLazyInternal(inst, "values", (zod) => {
    return zod.def.innerType._zod.values ? /* @__PURE__ */ new Set([...zod.def.innerType._zod.values, null]) : void 0;
  });
  inst._zod.parse = (payload, ctx) => {
    if (payload.value === null)
      return payload;
    return def.innerType._zod.run(payload, ctx);
  };
});
var $ZodDefault = /* @__PURE__ */ $constructor("$ZodDefault", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.optin = "defaulted";
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      return def.innerType._zod.run(payload, ctx);
    }
    if (payload.value === void 0) {
      payload.value = def.defaultValue;
      return payload;
    }
    const result = def.innerType._zod.run(payload, ctx);
    if (result instanceof Promise) {
      return result.then((result2) => handleDefaultResult(result2, def));
    }
    return handleDefaultResult(result, def);
  };
});
function handleDefaultResult(payload, def) {
  if (payload.value === void 0) {
    payload.value = def.defaultValue;
  }
  return payload;
}
function handleCatchResult(payload, result, def, ctx) {
  if (!result.issues.length) {
    payload.value = result.value;
    if (result.memo)
      payload.memo = true;
    return payload;
  }
  payload.value = def.catchValue({
    ...result,
    value: payload.value,
    error: {
      issues: result.issues.map((iss) => finalizeIssue(iss, ctx, config()))
    },
    input: payload.value
  });
  return payload;
}
var $ZodCatch = /* @__PURE__ */ $constructor("$ZodCatch", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
  defineLazyInternal(inst, "optout", (zod) => zod.def.innerType._zod.optout);
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      return def.innerType._zod.run(payload, ctx);
    }
    const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
    if (result instanceof Promise) {
      return result.then((result2) => handleCatchResult(payload, result2, def, ctx));
    }
    return handleCatchResult(payload, result, def, ctx);
  };
});
var $ZodPipe = /* @__PURE__ */ $constructor("$ZodPipe", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "values", (zod) => zod.def.in._zod.values);
  defineLazyInternal(inst, "optin", (zod) => zod.def.in._zod.optin);
  defineLazyInternal(inst, "optout", (zod) => zod.def.out._zod.optout);
  defineLazyInternal(inst, "propValues", (zod) => zod.def.in._zod.propValues);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      const right = def.out._zod.run(payload, ctx);
      if (right instanceof Promise) {
        return right.then((right2) => handlePipeResult(right2, def.in, ctx));
      }
      return handlePipeResult(right, def.in, ctx);
    }
    const left = def.in._zod.run(payload, ctx);
    if (left instanceof Promise) {
      return left.then((left2) => handlePipeResult(left2, def.out, ctx));
    }
    return handlePipeResult(left, def.out, ctx);
  };
});
function handlePipeResult(left, next, ctx) {
  if (left.issues.some((iss) => iss.code !== "unrecognized_keys")) {
    left.aborted = true;
    return left;
  }
  return next._zod.run({ value: left.value, issues: left.issues }, ctx);
}

// node_modules/zod/v4/core/api.js
function snapshotChecks(def) {
  if (def.checks)
    def.checks = [...def.checks];
  return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class2, params) {
  return new Class2(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _number(Class2, params) {
  return new Class2(snapshotChecks({ type: "number", checks: [], ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _int(Class2, params) {
  return new Class2({
    type: "number",
    check: "number_format",
    abort: false,
    format: "safeint",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class2, params) {
  return new Class2({
    type: "boolean",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _unknown(Class2) {
  return new Class2({
    type: "unknown"
  });
}
// @__NO_SIDE_EFFECTS__
function _never(Class2, params) {
  return new Class2({
    type: "never",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _lte(value, params) {
  return new $ZodCheckLessThan({
    check: "less_than",
    ...normalizeParams(params),
    value,
    inclusive: true
  });
}
// @__NO_SIDE_EFFECTS__
function _gt(value, params) {
  return new $ZodCheckGreaterThan({
    check: "greater_than",
    ...normalizeParams(params),
    value,
    inclusive: false
  });
}
// @__NO_SIDE_EFFECTS__
function _gte(value, params) {
  return new $ZodCheckGreaterThan({
    check: "greater_than",
    ...normalizeParams(params),
    value,
    inclusive: true
  });
}
// @__NO_SIDE_EFFECTS__
function _positive(params) {
  return /* @__PURE__ */ _gt(0, params);
}
// @__NO_SIDE_EFFECTS__
function _nonnegative(params) {
  return /* @__PURE__ */ _gte(0, params);
}
// @__NO_SIDE_EFFECTS__
function _minLength(minimum, params) {
  return new $ZodCheckMinLength({
    check: "min_length",
    ...normalizeParams(params),
    minimum
  });
}
// @__NO_SIDE_EFFECTS__
function _regex(pattern, params) {
  return new $ZodCheckRegex({
    check: "string_format",
    format: "regex",
    ...normalizeParams(params),
    pattern
  });
}
// @__NO_SIDE_EFFECTS__
function _overwrite(tx) {
  return new $ZodCheckOverwrite({
    check: "overwrite",
    tx
  });
}
// @__NO_SIDE_EFFECTS__
function _trim() {
  return /* @__PURE__ */ _overwrite((input) => input.trim());
}
// @__NO_SIDE_EFFECTS__
function _toLowerCase() {
  return /* @__PURE__ */ _overwrite((input) => input.toLowerCase());
}

// node_modules/zod/v4/locales/en.js
var error = () => {
  const Sizable = {
    string: { unit: "characters", verb: "to have" },
    file: { unit: "bytes", verb: "to have" },
    array: { unit: "items", verb: "to have" },
    set: { unit: "items", verb: "to have" },
    map: { unit: "entries", verb: "to have" }
  };
  function getSizing(origin) {
    return Sizable[origin] ?? null;
  }
  const FormatDictionary = {
    regex: "input",
    email: "email address",
    url: "URL",
    emoji: "emoji",
    uuid: "UUID",
    uuidv4: "UUIDv4",
    uuidv6: "UUIDv6",
    nanoid: "nanoid",
    guid: "GUID",
    cuid: "cuid",
    cuid2: "cuid2",
    ulid: "ULID",
    xid: "XID",
    ksuid: "KSUID",
    datetime: "ISO datetime",
    date: "ISO date",
    time: "ISO time",
    duration: "ISO duration",
    ipv4: "IPv4 address",
    ipv6: "IPv6 address",
    mac: "MAC address",
    cidrv4: "IPv4 range",
    cidrv6: "IPv6 range",
    base64: "base64-encoded string",
    base64url: "base64url-encoded string",
    json_string: "JSON string",
    e164: "E.164 number",
    currency_code: "currency code",
    credit_card: "credit card number",
    iban: "IBAN",
    jwt: "JWT",
    template_literal: "input"
  };
  const TypeDictionary = {
    // Compatibility: "nan" -> "NaN" for display
    nan: "NaN"
    // All other type names omitted - they fall back to raw values via ?? operator
  };
  function getTypeName(type, input) {
    if (type === "number" && typeof input === "number" && !Number.isFinite(input)) {
      return String(input);
    }
    return TypeDictionary[type] ?? type;
  }
  return (issue3) => {
    switch (issue3.code) {
      case "invalid_type": {
        const expected = getTypeName(issue3.expected);
        const receivedType = parsedType(issue3.input);
        const received = getTypeName(receivedType, issue3.input);
        return `Invalid input: expected ${expected}, received ${received}`;
      }
      case "invalid_value":
        if (issue3.values.length === 1)
          return `Invalid input: expected ${stringifyPrimitive(issue3.values[0])}`;
        return `Invalid option: expected one of ${joinValues(issue3.values, "|")}`;
      case "too_big": {
        const adj = issue3.exact ? "exactly " : issue3.inclusive ? "<=" : "<";
        const sizing = getSizing(issue3.origin);
        if (sizing)
          return `Too big: expected ${issue3.origin ?? "value"} to have ${adj}${issue3.maximum.toString()} ${sizing.unit ?? "elements"}`;
        return `Too big: expected ${issue3.origin ?? "value"} to be ${adj}${issue3.maximum.toString()}`;
      }
      case "too_small": {
        const adj = issue3.exact ? "exactly " : issue3.inclusive ? ">=" : ">";
        const sizing = getSizing(issue3.origin);
        if (sizing) {
          return `Too small: expected ${issue3.origin} to have ${adj}${issue3.minimum.toString()} ${sizing.unit}`;
        }
        return `Too small: expected ${issue3.origin} to be ${adj}${issue3.minimum.toString()}`;
      }
      case "invalid_format": {
        const _issue = issue3;
        if (_issue.format === "starts_with") {
          return `Invalid string: must start with "${_issue.prefix}"`;
        }
        if (_issue.format === "ends_with")
          return `Invalid string: must end with "${_issue.suffix}"`;
        if (_issue.format === "includes")
          return `Invalid string: must include "${_issue.includes}"`;
        if (_issue.format === "regex")
          return `Invalid string: must match pattern ${_issue.pattern}`;
        return `Invalid ${FormatDictionary[_issue.format] ?? issue3.format}`;
      }
      case "not_multiple_of":
        return `Invalid number: must be a multiple of ${issue3.divisor}`;
      case "unrecognized_keys":
        return `Unrecognized key${issue3.keys.length > 1 ? "s" : ""}: ${joinValues(issue3.keys, ", ")}`;
      case "invalid_key":
        return `Invalid key in ${issue3.origin}`;
      case "invalid_union":
        if (issue3.options && Array.isArray(issue3.options) && issue3.options.length > 0) {
          const opts = issue3.options.map((o) => `'${o}'`).join(" | ");
          return `Invalid discriminator value. Expected ${opts}`;
        }
        if (issue3.inclusive === false) {
          return "Invalid input: more than one option matched";
        }
        return "Invalid input";
      case "invalid_element":
        return `Invalid value in ${issue3.origin}`;
      default:
        return `Invalid input`;
    }
  };
};
function en_default() {
  return {
    localeError: error()
  };
}

// node_modules/zod/v4/mini/schemas.js
var ZodMiniType = /* @__PURE__ */ $constructor("ZodMiniType", (inst, def) => {
  if (!inst._zod)
    throw new Error("Uninitialized schema in ZodMiniType.");
  $ZodType.init(inst, def);
  inst.def = def;
  inst.type = def.type;
}, {
  // `with` is an alias for `check`: the same function object, not a wrapper.
  get with() {
    return this.check;
  },
  set with(value) {
    own(this, "with", value);
  },
  parse(data, params) {
    return parse(this, data, params, { callee: this.parse });
  },
  parseAsync(data, params) {
    return parseAsync(this, data, params, { callee: this.parseAsync });
  },
  safeParse(data, params) {
    return safeParse(this, data, params);
  },
  safeParseAsync(data, params) {
    return safeParseAsync(this, data, params);
  },
  check(...checks) {
    const def = this.def;
    return this.clone({
      ...def,
      checks: [
        ...def.checks ?? [],
        ...checks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch)
      ]
    }, { parent: true });
  },
  clone(_def, params) {
    return clone(this, _def, params);
  },
  brand() {
    return this;
  },
  register(reg, meta2) {
    reg.add(this, meta2);
    return this;
  },
  apply(fn, ...args) {
    return args.length === 0 ? fn(this) : fn(this, ...args);
  }
});
var ZodMiniString = /* @__PURE__ */ $constructor("ZodMiniString", (inst, def) => {
  $ZodString.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function string2(params) {
  return _string(ZodMiniString, params);
}
var ZodMiniNumber = /* @__PURE__ */ $constructor("ZodMiniNumber", (inst, def) => {
  $ZodNumber.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function number2(params) {
  return _number(ZodMiniNumber, params);
}
var ZodMiniNumberFormat = /* @__PURE__ */ $constructor("ZodMiniNumberFormat", (inst, def) => {
  $ZodNumberFormat.init(inst, def);
  ZodMiniNumber.init(inst, def);
});
function int(params) {
  return _int(ZodMiniNumberFormat, params);
}
var ZodMiniBoolean = /* @__PURE__ */ $constructor("ZodMiniBoolean", (inst, def) => {
  $ZodBoolean.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function boolean2(params) {
  return _boolean(ZodMiniBoolean, params);
}
var ZodMiniUnknown = /* @__PURE__ */ $constructor("ZodMiniUnknown", (inst, def) => {
  $ZodUnknown.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function unknown() {
  return _unknown(ZodMiniUnknown);
}
var ZodMiniNever = /* @__PURE__ */ $constructor("ZodMiniNever", (inst, def) => {
  $ZodNever.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function never(params) {
  return _never(ZodMiniNever, params);
}
var ZodMiniArray = /* @__PURE__ */ $constructor("ZodMiniArray", (inst, def) => {
  $ZodArray.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function array(element, params) {
  return new ZodMiniArray({
    type: "array",
    element,
    ...normalizeParams(params)
  });
}
var ZodMiniObject = /* @__PURE__ */ $constructor("ZodMiniObject", (inst, def) => {
  $ZodObject.init(inst, def);
  ZodMiniType.init(inst, def);
  installLazyProp(inst, "shape", (self) => self._zod.def.shape, false);
});
// @__NO_SIDE_EFFECTS__
function object(shape, params) {
  const def = {
    type: "object",
    shape: shape ?? {},
    ...normalizeParams(params)
  };
  return new ZodMiniObject(def);
}
// @__NO_SIDE_EFFECTS__
function strictObject(shape, params) {
  return new ZodMiniObject({
    type: "object",
    shape,
    catchall: /* @__PURE__ */ never(),
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function looseObject(shape, params) {
  return new ZodMiniObject({
    type: "object",
    shape,
    catchall: /* @__PURE__ */ unknown(),
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function extend2(schema, shape) {
  return extend(schema, shape);
}
var ZodMiniUnion = /* @__PURE__ */ $constructor("ZodMiniUnion", (inst, def) => {
  $ZodUnion.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function union(options, params) {
  return new ZodMiniUnion({
    type: "union",
    options,
    ...normalizeParams(params)
  });
}
var ZodMiniRecord = /* @__PURE__ */ $constructor("ZodMiniRecord", (inst, def) => {
  $ZodRecord.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function record(keyType, valueType, params) {
  if (!valueType || !valueType._zod) {
    return new ZodMiniRecord({
      type: "record",
      keyType: /* @__PURE__ */ string2(),
      valueType: keyType,
      ...normalizeParams(valueType)
    });
  }
  return new ZodMiniRecord({
    type: "record",
    keyType,
    valueType,
    ...normalizeParams(params)
  });
}
var ZodMiniEnum = /* @__PURE__ */ $constructor("ZodMiniEnum", (inst, def) => {
  $ZodEnum.init(inst, def);
  ZodMiniType.init(inst, def);
  inst.options = [...inst._zod.values];
});
// @__NO_SIDE_EFFECTS__
function _enum(values, params) {
  const entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
  return new ZodMiniEnum({
    type: "enum",
    entries,
    ...normalizeParams(params)
  });
}
var ZodMiniLiteral = /* @__PURE__ */ $constructor("ZodMiniLiteral", (inst, def) => {
  $ZodLiteral.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function literal(value, params) {
  return new ZodMiniLiteral({
    type: "literal",
    values: Array.isArray(value) ? value : [value],
    ...normalizeParams(params)
  });
}
var ZodMiniTransform = /* @__PURE__ */ $constructor("ZodMiniTransform", (inst, def) => {
  $ZodTransform.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function transform(fn) {
  return new ZodMiniTransform({
    type: "transform",
    transform: fn
  });
}
var ZodMiniOptional = /* @__PURE__ */ $constructor("ZodMiniOptional", (inst, def) => {
  $ZodOptional.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function optional(innerType) {
  return new ZodMiniOptional({
    type: "optional",
    innerType
  });
}
var ZodMiniNullable = /* @__PURE__ */ $constructor("ZodMiniNullable", (inst, def) => {
  $ZodNullable.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function nullable(innerType) {
  return new ZodMiniNullable({
    type: "nullable",
    innerType
  });
}
// @__NO_SIDE_EFFECTS__
function nullish2(innerType) {
  return /* @__PURE__ */ optional(/* @__PURE__ */ nullable(innerType));
}
var ZodMiniDefault = /* @__PURE__ */ $constructor("ZodMiniDefault", (inst, def) => {
  $ZodDefault.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function _default(innerType, defaultValue) {
  return new ZodMiniDefault({
    type: "default",
    innerType,
    get defaultValue() {
      return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
    }
  });
}
var ZodMiniCatch = /* @__PURE__ */ $constructor("ZodMiniCatch", (inst, def) => {
  $ZodCatch.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function _catch(innerType, catchValue) {
  return new ZodMiniCatch({
    type: "catch",
    innerType,
    catchValue: typeof catchValue === "function" ? catchValue : util_exports.constantCatch(catchValue)
  });
}
var ZodMiniPipe = /* @__PURE__ */ $constructor("ZodMiniPipe", (inst, def) => {
  $ZodPipe.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function pipe(in_, out) {
  return new ZodMiniPipe({
    type: "pipe",
    in: in_,
    out
  });
}

// build/errors.js
var NotReplaceable = class extends Error {
};
var RevocationFailure = class extends Error {
  reason;
  httpStatus;
  attempts;
  constructor(reason, message4, httpStatus = null, attempts = 0) {
    super(message4);
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.attempts = attempts;
    this.name = "RevocationFailure";
  }
};
var InputError = class extends Error {
  input;
  echo;
  /**
   * @param echo the part of `message` that quotes the input's value, if any, so
   *   the caller can drop it when the value turns out to overlap a secret.
   */
  constructor(input, message4, echo) {
    super(message4);
    this.input = input;
    this.echo = echo;
    this.name = "InputError";
  }
};

// build/http/limiter.js
var Limiter = class {
  concurrency;
  #running = 0;
  #queue = [];
  constructor(concurrency) {
    this.concurrency = concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number >= 1, got ${concurrency}`);
    }
  }
  async run(task) {
    if (this.#running >= this.concurrency) {
      await new Promise((resolve) => this.#queue.push(resolve));
    }
    this.#running++;
    try {
      return await task();
    } finally {
      this.#running--;
      this.#queue.shift()?.();
    }
  }
};

// build/github/rate-limits.js
var GITHUB_CONCURRENCY = 8;
var RESOLUTIONS_PER_MINUTE = 900 / 5;

// build/github/api-error.js
var GitHubApiError = class extends Error {
  status;
  route;
  rateLimited;
  /**
   * @param rateLimited GitHub refused for a rate limit (a 429, or a 403 with no requests left
   *   or a `retry-after`): no missing permission, though a 403 too.
   */
  constructor(status, route, message4, rateLimited = false) {
    super(message4);
    this.status = status;
    this.route = route;
    this.rateLimited = rateLimited;
    this.name = "GitHubApiError";
  }
};

// build/http/deadline.js
import { setTimeout as delay } from "node:timers/promises";
var Deadline = class {
  #controller = new AbortController();
  #endsAt;
  #timer;
  #why;
  constructor(ms) {
    this.#endsAt = Date.now() + ms;
    this.#timer = setTimeout(() => {
      this.#why ??= "time limit";
      this.#controller.abort(new Error("deadline reached"));
    }, ms);
    this.#timer.unref();
  }
  /** Aborts when the deadline is reached (or `cancel()` is called). */
  get signal() {
    return this.#controller.signal;
  }
  get expired() {
    return this.#controller.signal.aborted;
  }
  remainingMs() {
    return this.expired ? 0 : Math.max(0, this.#endsAt - Date.now());
  }
  /** Why the deadline ended, once it has. */
  get why() {
    return this.#why;
  }
  /** Ends the run early, as when the job is cancelled. */
  cancel() {
    this.#why ??= "cancelled";
    this.#controller.abort(new Error("cancelled"));
  }
  dispose() {
    clearTimeout(this.#timer);
  }
};
async function sleep(ms, signal) {
  if (ms <= 0)
    return;
  try {
    await delay(ms, void 0, { signal });
  } catch {
  }
}

// build/http/connections.js
var CONNECT_TIMEOUT = "CONNECT_TIMEOUT";
var METHODS_WITH_BODY = /* @__PURE__ */ new Set(["POST", "PUT", "PATCH"]);
var NodeConnections = class {
  #agentOptions;
  #connectMs;
  #http;
  #https;
  constructor(options = {}) {
    this.#agentOptions = {
      keepAlive: true,
      maxSockets: options.perOrigin ?? 16,
      // Idle sockets are closed after this; Node also honours a shorter `Keep-Alive: timeout`
      // hint from the server, less a second, so a reused socket is not one the server closed.
      timeout: options.idleMs ?? 1e4,
      scheduling: "lifo"
    };
    this.#connectMs = options.connectMs ?? 1e4;
  }
  #plain() {
    if (this.#http)
      return this.#http;
    const module = process.getBuiltinModule("node:http");
    return this.#http = { module, agent: new module.Agent(this.#agentOptions) };
  }
  #tls() {
    if (this.#https)
      return this.#https;
    const module = process.getBuiltinModule("node:https");
    const agent = new module.Agent({ ...this.#agentOptions, ALPNProtocols: ["http/1.1"] });
    return this.#https = { module, agent };
  }
  request(req) {
    const url = new URL(req.origin);
    const tls = url.protocol === "https:";
    if (!tls && url.protocol !== "http:")
      return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    const headers = { ...req.headers };
    if (req.body !== void 0)
      headers["content-length"] = String(Buffer.byteLength(req.body));
    else if (METHODS_WITH_BODY.has(req.method))
      headers["content-length"] = "0";
    const { module, agent } = tls ? this.#tls() : this.#plain();
    return new Promise((resolve, reject) => {
      const outgoing = module.request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port || void 0,
        path: req.path,
        method: req.method,
        headers,
        agent,
        signal: req.signal
      });
      outgoing.once("socket", (socket) => {
        if (!socket.connecting)
          return;
        const timer = setTimeout(() => {
          const error3 = Object.assign(new Error("the connection did not open in time"), {
            code: CONNECT_TIMEOUT
          });
          outgoing.destroy(error3);
        }, this.#connectMs);
        socket.once(tls ? "secureConnect" : "connect", () => clearTimeout(timer));
        socket.once("close", () => clearTimeout(timer));
      });
      outgoing.once("response", (res) => {
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res });
      });
      outgoing.on("error", reject);
      outgoing.end(req.body);
    });
  }
  async close() {
    this.#http?.agent.destroy();
    this.#https?.agent.destroy();
  }
};

// build/receipt/operations.js
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
var OperationLog = class {
  operations = [];
  probes = [];
};
var scopes = new AsyncLocalStorage();
function inLog(log, phase, work) {
  return scopes.run({ log, phase }, work);
}
function inPhase(phase, work) {
  const scope = scopes.getStore();
  return scope ? scopes.run({ log: scope.log, phase }, work) : work();
}
function noteProbe(answer) {
  const scope = scopes.getStore();
  if (scope)
    scope.log.probes.push({ phase: scope.phase, at: Date.now(), answer });
}
function startOperation(method, path) {
  const scope = scopes.getStore();
  if (!scope)
    return void 0;
  const started = Date.now();
  return (end) => {
    const op = {
      phase: scope.phase,
      method,
      route: routeOf(path),
      status: end.status,
      attempts: end.attempts,
      requestId: end.requestId,
      startedAt: started,
      durationMs: Date.now() - started
    };
    if (end.error)
      op.error = end.error;
    scope.log.operations.push(op);
  };
}
var WORD = /^(?:-|[a-z][a-z_.-]{0,39}|v\d{1,2}(?:(?:alpha|beta)\d{0,2})?)$/;
var routes = /* @__PURE__ */ new Map();
function routeOf(path) {
  const bare = path.split(/[?#]/, 1)[0] ?? "";
  const route = bare.split("/").map((segment2) => segment2 === "" || WORD.test(segment2) ? segment2 : "{param}").join("/");
  const known = routes.get(route);
  if (known !== void 0)
    return known;
  if (routes.size < 1e3)
    routes.set(route, route);
  return route;
}
function requestIdOf(headers, names) {
  for (const name of names ?? []) {
    const value = headers[name.toLowerCase()]?.trim();
    if (value && /^[\x21-\x7e]{1,128}$/.test(value))
      return value;
  }
  return null;
}
function adoptOperations(operations) {
  const scope = scopes.getStore();
  if (scope && operations)
    scope.log.operations.push(...operations);
}
function valueDigest(value) {
  return `sha256:${createHash("sha256").update(value, "utf8").digest("hex")}`;
}

// build/http/client.js
var DEFAULT_HTTP_POLICY = {
  requestTimeoutMs: 15e3,
  maxAttempts: 4,
  backoffBaseMs: 500,
  maxRetryDelayMs: 6e4,
  maxBodyBytes: 256 * 1024
};
var TransportError = class extends Error {
  kind;
  attempts;
  constructor(kind, message4, attempts) {
    super(message4);
    this.kind = kind;
    this.attempts = attempts;
    this.name = "TransportError";
  }
};
var RETRYABLE_STATUS = /* @__PURE__ */ new Set([429, 502, 503, 504]);
var NOT_SENT_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  CONNECT_TIMEOUT
]);
function parseRetryAfter(value, now = Date.now()) {
  if (value === void 0)
    return void 0;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed))
    return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? void 0 : Math.max(0, (at - now) / 1e3);
}
var HttpClient = class {
  options;
  policy;
  #origin;
  #prefix;
  /**
   * The attempts under way, which the run's deadline aborts: one listener on the deadline for
   * the client, not one per attempt (nor a signal combined per attempt, whose bookkeeping
   * outlived each request: at 30,000 requests, megabytes the collector had to promote).
   */
  #inFlight = /* @__PURE__ */ new Set();
  constructor(baseUrl, options) {
    this.options = options;
    this.#origin = baseUrl.origin;
    this.#prefix = baseUrl.pathname.replace(/\/+$/, "");
    this.policy = { ...DEFAULT_HTTP_POLICY, ...options.policy };
    const { signal } = options.deadline;
    signal.addEventListener("abort", () => {
      for (const attempt of this.#inFlight)
        attempt.abort(signal.reason);
    }, { once: true });
  }
  /** The absolute URL for a path below the base; refuses anything that leaves its origin. */
  url(path) {
    if (!path.startsWith("/") || path.startsWith("//")) {
      throw new Error(`request path must start with a single '/': ${JSON.stringify(path)}`);
    }
    const url = new URL(this.#prefix + path, this.#origin);
    if (url.origin !== this.#origin) {
      throw new Error("request would leave the provider origin");
    }
    return url;
  }
  /** Sends a request; noted in the receipt's log of the key it is sent for, if any. */
  async send(req) {
    const record2 = startOperation(req.method, req.path);
    if (!record2)
      return this.#send(req);
    try {
      const res = await this.#send(req);
      record2({
        status: res.status,
        attempts: res.attempts,
        requestId: requestIdOf(res.headers, this.options.requestIdHeaders)
      });
      return res;
    } catch (error3) {
      const failed = error3 instanceof TransportError ? error3 : void 0;
      record2({
        status: null,
        attempts: failed?.attempts ?? 0,
        requestId: null,
        error: failed?.kind ?? "network"
      });
      throw error3;
    }
  }
  async #send(req) {
    const { deadline } = this.options;
    const idempotent = req.idempotent ?? req.method !== "POST";
    let ambiguousBefore = false;
    for (let attempt = 1; ; attempt++) {
      if (deadline.expired) {
        throw new TransportError("timeout", stopped(deadline), attempt - 1);
      }
      const pacer = req.pace ? this.options.pacers?.[req.pace] : void 0;
      if (pacer)
        await pacer.wait(deadline.signal).catch((error3) => {
          pacer.done();
          throw error3;
        });
      let response;
      try {
        response = await this.#attempt(req).finally(() => pacer?.done());
      } catch (error3) {
        const timedOut = error3 instanceof AttemptTimeout || deadline.expired;
        const kind = timedOut ? "timeout" : "network";
        const lastChance = attempt >= this.policy.maxAttempts || !idempotent && isAmbiguous(error3);
        const wait = this.#backoff(attempt);
        if (lastChance || wait >= deadline.remainingMs()) {
          throw new TransportError(kind, deadline.expired ? stopped(deadline) : describe2(error3, timedOut), attempt);
        }
        ambiguousBefore ||= isAmbiguous(error3);
        await sleep(wait, deadline.signal);
        continue;
      }
      const throttled = response.status === 429 || this.options.throttled?.(response.status, response.text) === true;
      const retryable = throttled || idempotent && RETRYABLE_STATUS.has(response.status);
      if (retryable && attempt < this.policy.maxAttempts) {
        const asked = parseRetryAfter(response.headers["retry-after"]) ?? this.options.retryAfterFromBody?.(response.text);
        const wait = Math.max(this.#backoff(attempt), (asked ?? 0) * 1e3);
        if (wait <= this.policy.maxRetryDelayMs && wait < deadline.remainingMs()) {
          await sleep(wait, deadline.signal);
          continue;
        }
      }
      return { ...response, attempts: attempt, retriedAfterAmbiguous: ambiguousBefore };
    }
  }
  #backoff(attempt) {
    const step = this.policy.backoffBaseMs * 2 ** (attempt - 1);
    const random = this.options.random ?? Math.random;
    return Math.round(step / 2 + random() * step / 2);
  }
  async #attempt(req) {
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new AttemptTimeout());
    }, this.policy.requestTimeoutMs);
    const { deadline } = this.options;
    if (deadline.expired)
      attempt.abort(deadline.signal.reason);
    this.#inFlight.add(attempt);
    try {
      const url = this.url(req.path);
      const res = await this.options.connections.request({
        origin: this.#origin,
        path: url.pathname + url.search,
        method: req.method,
        headers: { ...this.options.headers, ...req.headers },
        body: req.body,
        signal: attempt.signal
      });
      const { text, truncated } = await readBody(res.body, this.policy.maxBodyBytes);
      const headers = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== void 0)
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
      }
      return { status: res.statusCode, headers, text, truncated };
    } catch (error3) {
      if (timedOut)
        throw new AttemptTimeout();
      throw error3;
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(attempt);
    }
  }
};
function readBody(body, max) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let settled = false;
    const settle = (end) => {
      if (settled)
        return;
      settled = true;
      end();
    };
    const text = () => Buffer.concat(chunks).toString("utf8");
    body.on("data", (chunk) => {
      if (settled)
        return;
      const room = max - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        settle(() => resolve({ text: text(), truncated: true }));
        body.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    body.once("end", () => settle(() => resolve({ text: text(), truncated: false })));
    body.on("error", (error3) => settle(() => reject(error3)));
    body.once("close", () => settle(() => reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }))));
  });
}
var AttemptTimeout = class extends Error {
  constructor() {
    super("no complete answer in time");
    this.name = "AttemptTimeout";
  }
};
function stopped(deadline) {
  return deadline.why === "cancelled" ? "the run was cancelled before an answer came" : "the run reached its time limit";
}
function isAmbiguous(error3) {
  const code = error3?.code;
  return !(typeof code === "string" && NOT_SENT_CODES.has(code));
}
function describe2(error3, timedOut) {
  if (timedOut)
    return "no complete answer in time";
  const code = error3?.code;
  return typeof code === "string" ? `connection failed (${code})` : "connection failed";
}
function parseJson(res) {
  try {
    return JSON.parse(res.text);
  } catch {
    return void 0;
  }
}

// build/secrets.js
import { createHash as createHash2 } from "node:crypto";
var REDACTED = "***";
var FRAGMENT = 6;
function variantsOf(secret) {
  const forms = /* @__PURE__ */ new Set([secret]);
  forms.add(encodeURIComponent(secret));
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, "\\/"));
  for (const form of base64Cores(secret))
    forms.add(form);
  return [...forms].filter((form) => form.length > 0);
}
function base64Cores(secret) {
  const bytes = Buffer.from(secret, "utf8");
  const cores = [];
  for (let pad = 0; pad < 3; pad++) {
    const text = Buffer.concat([Buffer.alloc(pad), bytes]).toString("base64");
    const first = Math.ceil(8 * pad / 6);
    const last = Math.floor((8 * (pad + bytes.length) - 6) / 6);
    const core = text.slice(first, last + 1);
    if (core.length >= 8)
      cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}
var KEY = 8;
var LEAVING = Array.from({ length: KEY - 1 }).reduce((p) => Math.imul(p, 31), 1);
function hashAt(text, from) {
  let h = 0;
  for (let k = from; k < from + KEY; k++)
    h = Math.imul(h, 31) + text.charCodeAt(k) | 0;
  return h;
}
var PatternSet = class {
  /** Patterns of KEY characters or more, by the hash of their ending. */
  #byKey = /* @__PURE__ */ new Map();
  /** Shorter patterns, looked for one by one. */
  #short = [];
  /** Whether a pattern holds `*`, so that a redaction mark could complete an occurrence. */
  starry = false;
  get empty() {
    return this.#byKey.size === 0 && this.#short.length === 0;
  }
  add(pattern) {
    if (!pattern)
      return;
    if (pattern.length < KEY)
      this.#short.push(pattern);
    else {
      const key = hashAt(pattern, pattern.length - KEY);
      const list = this.#byKey.get(key);
      if (list)
        list.push(pattern);
      else
        this.#byKey.set(key, [pattern]);
    }
    if (pattern.includes("*"))
      this.starry = true;
  }
  /**
   * Where the patterns occur in `text`: merged [start, end) pairs, flat, in order. Every
   * occurrence is covered, overlapping ones included. With `first`, stops at the first found.
   */
  spans(text, first = false) {
    const found = [];
    if (this.empty)
      return found;
    if (this.#byKey.size > 0 && text.length >= KEY) {
      let hash = hashAt(text, 0);
      for (let end = KEY; end <= text.length; end++) {
        if (end > KEY) {
          const leaving = Math.imul(text.charCodeAt(end - KEY - 1), LEAVING);
          hash = Math.imul(hash - leaving, 31) + text.charCodeAt(end - 1) | 0;
        }
        const list = this.#byKey.get(hash);
        if (!list)
          continue;
        for (const pattern of list) {
          const start = end - pattern.length;
          if (start >= 0 && text.startsWith(pattern, start)) {
            found.push(start, end);
            if (first)
              return found;
          }
        }
      }
    }
    for (const pattern of this.#short) {
      for (let j = text.indexOf(pattern); j >= 0; j = text.indexOf(pattern, j + 1)) {
        found.push(j, j + pattern.length);
        if (first)
          return found;
      }
    }
    return merge2(found);
  }
};
function merge2(pairs) {
  if (pairs.length <= 2)
    return pairs;
  const order = Array.from({ length: pairs.length / 2 }, (_, k) => 2 * k).sort((a, b) => pairs[a] - pairs[b] || pairs[b + 1] - pairs[a + 1]);
  const out = [];
  for (const k of order) {
    const start = pairs[k];
    const end = pairs[k + 1];
    const n = out.length;
    if (n > 0 && start < out[n - 1])
      out[n - 1] = Math.max(out[n - 1], end);
    else
      out.push(start, end);
  }
  return out;
}
function cut(text, spans) {
  if (spans.length === 0)
    return text;
  let out = "";
  let from = 0;
  for (let k = 0; k < spans.length; k += 2) {
    out += text.slice(from, spans[k]) + REDACTED;
    from = spans[k + 1];
  }
  return out + text.slice(from);
}
var FIRST = 33;
var BASE = 94;
var TOP = BASE ** (FRAGMENT - 1);
var PENDING = 1 << 15;
var FragmentSet = class {
  #sorted = new Float64Array(0);
  #pending = [];
  #other = /* @__PURE__ */ new Set();
  /** Adds every FRAGMENT-long piece of `secret`. */
  addPieces(secret) {
    forEachPiece(secret, (code, i) => {
      if (code >= 0)
        this.#pending.push(code);
      else
        this.#other.add(secret.slice(i, i + FRAGMENT));
    });
    if (this.#pending.length >= PENDING)
      this.#sortIn();
  }
  /** Calls `hit(i)` for each i at which a FRAGMENT-long piece of `text` is a known piece. */
  find(text, hit) {
    const sorted = this.#sortIn();
    forEachPiece(text, (code, i) => {
      if (code >= 0 ? includes(sorted, code) : this.#other.has(text.slice(i, i + FRAGMENT)))
        hit(i);
    });
  }
  #sortIn() {
    if (this.#pending.length > 0) {
      const all = new Float64Array(this.#sorted.length + this.#pending.length);
      all.set(this.#sorted);
      all.set(this.#pending, this.#sorted.length);
      all.sort();
      this.#sorted = all;
      this.#pending = [];
    }
    return this.#sorted;
  }
};
function forEachPiece(text, each) {
  let code = 0;
  let run2 = 0;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j) - FIRST;
    if (c >= 0 && c < BASE) {
      code = run2 >= FRAGMENT ? code % TOP * BASE + c : code * BASE + c;
      run2++;
    } else {
      code = 0;
      run2 = 0;
    }
    const i = j - FRAGMENT + 1;
    if (i >= 0)
      each(run2 >= FRAGMENT ? code : -1, i);
  }
}
function includes(sorted, value) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = lo + hi >> 1;
    const v = sorted[mid];
    if (v === value)
      return true;
    if (v < value)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return false;
}
var Redactor = class {
  onAdd;
  #secrets = /* @__PURE__ */ new Set();
  /** Every form of every secret (see `variantsOf`). */
  #patterns = new PatternSet();
  /** Every secret with its white space taken out, for `scrub`. */
  #compact = new PatternSet();
  /** Every FRAGMENT-long piece of every secret long enough to have them. */
  #fragments = new FragmentSet();
  /** Every provider's key shapes as one pattern: text matching it goes whether known or not. */
  #shapes;
  /**
   * @param shapes the shapes of every provider's secrets (`Provider.keyShapes`): what matches
   *   one is cut out of every text, so a key the run never registered (another key quoted in a
   *   provider's error) is not printed either.
   */
  constructor(onAdd = () => {
  }, shapes = []) {
    this.onAdd = onAdd;
    this.#shapes = shapes.length > 0 ? new RegExp(shapes.map((s) => `(?:${s.source})`).join("|"), "g") : void 0;
  }
  /** Registers a secret (and masks it in the runner's log). Returns it unchanged. */
  add(secret) {
    const trimmed = secret.trim();
    if (/^\**$/.test(trimmed) || this.#secrets.has(trimmed))
      return secret;
    this.#secrets.add(trimmed);
    this.onAdd(trimmed);
    for (const form of variantsOf(trimmed))
      this.#patterns.add(form);
    this.#compact.add(trimmed.replace(/\s+/g, ""));
    if (trimmed.length >= 2 * FRAGMENT)
      this.#fragments.addPieces(trimmed);
    return secret;
  }
  /**
   * The text with every known secret replaced by `***`. Overlapping occurrences become one
   * mark, so a secret that contains another, or overlaps it, is removed whole.
   */
  redact(text) {
    let out = this.#cutKnown(text);
    if (this.#shapes) {
      out = out.replace(this.#shapes, REDACTED);
      if (this.#patterns.starry)
        out = this.#cutKnown(out);
    }
    return out;
  }
  /** The text with every registered secret cut, in every form `variantsOf` gives. */
  #cutKnown(text) {
    let out = cut(text, this.#patterns.spans(text));
    if (this.#patterns.starry) {
      for (let before = text; out !== before; ) {
        before = out;
        out = cut(out, this.#patterns.spans(out));
      }
    }
    return out;
  }
  /**
   * For text from outside (provider and GitHub answers): `redact`, and also
   * every run of FRAGMENT or more characters that is part of a secret, so a
   * key wrapped across lines or cut short leaves no piece behind.
   */
  scrub(text) {
    const out = this.#cutKnown(text);
    if (out.length < FRAGMENT)
      return this.#shapes ? this.redact(out) : out;
    const hidden = new Uint8Array(out.length);
    let any = false;
    const hide2 = (from, to) => {
      hidden.fill(1, from, to);
      any = true;
    };
    if (this.#shapes)
      for (const found of out.matchAll(this.#shapes))
        hide2(found.index, found.index + found[0].length);
    const joined = withoutLineBreaks(out);
    for (const found of joined.text.matchAll(this.#keyLike)) {
      const start = joined.at[found.index] ?? 0;
      hide2(start, (joined.at[found.index + found[0].length - 1] ?? start) + 1);
    }
    if (this.#secrets.size > 0) {
      const compact = without(out, /\s/);
      const wholes = this.#compact.spans(compact.text);
      for (let k = 0; k < wholes.length; k += 2)
        hide2(compact.at[wholes[k]] ?? 0, (compact.at[wholes[k + 1] - 1] ?? 0) + 1);
      this.#fragments.find(compact.text, (j) => {
        for (let k = j; k < j + FRAGMENT; k++)
          hidden[compact.at[k] ?? 0] = 1;
        any = true;
      });
    }
    if (!any)
      return out;
    let result = "";
    for (let i = 0; i < out.length; i++) {
      if (!hidden[i])
        result += out[i];
      else if (!hidden[i - 1])
        result += REDACTED;
    }
    return this.#patterns.starry ? this.#cutKnown(result) : result;
  }
  /** Key shapes, and runs of key characters long enough to be key material. */
  get #keyLike() {
    const runs = "[A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*";
    const shapes = this.#shapes ? `${this.#shapes.source}|` : "";
    return new RegExp(`${shapes}(?<![A-Za-z0-9_.-])(?=[A-Za-z0-9_.-]{16})${runs}`, "g");
  }
  /** Whether the text still holds any registered secret, or anything of a key's shape. */
  leaks(text) {
    if (this.#shapes && new RegExp(this.#shapes.source).test(text))
      return true;
    return this.#patterns.spans(text, true).length > 0;
  }
};
function withoutLineBreaks(text) {
  const at = [];
  let kept = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || c === "\r")
      continue;
    if (c === "\\" && (text[i + 1] === "n" || text[i + 1] === "r")) {
      i++;
      continue;
    }
    at.push(i);
    kept += c;
  }
  return { text: kept, at };
}
function without(text, drop) {
  const at = [];
  let kept = "";
  for (let i = 0; i < text.length; i++) {
    if (!drop.test(text[i] ?? "")) {
      at.push(i);
      kept += text[i];
    }
  }
  return { text: kept, at };
}
function fingerprint(value) {
  return `sha256:${createHash2("sha256").update(value, "utf8").digest("hex").slice(0, 12)}`;
}
function excerpt(text, redactor, max = 160) {
  const flat = redactor.scrub(text.slice(0, 4096)).replace(/\s+/g, " ").trim();
  if (flat.length === 0)
    return "(empty body)";
  return flat.length > max ? `${flat.slice(0, max)}\u2026` : flat;
}

// build/providers/answers.js
function reasonForStatus(status) {
  if (status === 401)
    return "unauthorized";
  if (status === 403)
    return "forbidden";
  if (status === 429)
    return "rate-limited";
  if (status === 400 || status === 422)
    return "invalid-input";
  return "provider-error";
}
function failure2(res, redactor, what, reason = reasonForStatus(res.status)) {
  if (res.status >= 200 && res.status < 300)
    return new RevocationFailure(reason, `${what}: HTTP ${res.status}: ${res.text.length} characters${contentType(res)}, not quoted (a successful answer may hold keys)`, res.status, res.attempts);
  const said = excerpt(providerMessage({ text: redactor.scrub(res.text) }), redactor);
  return new RevocationFailure(reason, `${what}: HTTP ${res.status}: ${said}`, res.status, res.attempts);
}
function contentType(res) {
  const type = String(res.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
  return /^[a-z]+\/[a-z0-9.+-]{1,60}$/i.test(type) ? ` of ${type}` : "";
}
function providerMessage(res) {
  const body = parseJson(res);
  if (typeof body === "string")
    return body;
  if (body && typeof body === "object") {
    const record2 = body;
    for (const field of ["msg", "message", "error", "detail"]) {
      const value = record2[field];
      if (typeof value === "string" && value.trim())
        return value;
      if (value && typeof value === "object" && typeof value.message === "string") {
        return value.message;
      }
    }
  }
  return res.text.replace(/<[^>]*>/g, " ");
}
function expectBody(res, schema, redactor, what) {
  const parsed = schema.safeParse(parseJson(res));
  if (!parsed.success) {
    throw failure2(res, redactor, `${what}: unexpected answer`, "provider-error");
  }
  return parsed.data;
}
function expectSameKey(res, redactor, what, asked, answered, same = (a, b) => a === b) {
  if (!same(asked, answered))
    throw failure2(res, redactor, `${what}: answered for another key`, "provider-error");
}
function segment(value) {
  return encodeURIComponent(value);
}
function readDelete(ctx, res, auth, what, accept) {
  if (res.status === 200) {
    accept(res);
    return { answer: { kind: "deleted" }, response: res };
  }
  if (res.status === 404)
    return { answer: { kind: "not-found" }, response: res };
  if (res.status === 401 && auth.kind === "self")
    return { answer: { kind: "key-rejected" }, response: res };
  throw failure2(res, ctx.redactor, what);
}
function readProbe(ctx, res, what, alive = [200]) {
  if (res.status === 401)
    return { kind: "dead" };
  if (alive.includes(res.status))
    return { kind: "alive" };
  throw failure2(res, ctx.redactor, what);
}
function wholeKey(expected, length, id) {
  return `${expected}, and this has ${length}: is it cut short, or wrapped onto two lines? If it is the whole key, give ${id} in \`key-id\` instead`;
}
function ownValue(target, name) {
  if (target.value !== void 0)
    return target.value;
  throw new RevocationFailure("invalid-input", `${name}: a token is revoked with its own value; give it in \`key\`.`);
}
function readSelfRevoke(ctx, res, what, done, accept) {
  if (res.status === done) {
    accept?.(res);
    return { answer: { kind: "deleted" }, response: res };
  }
  if (res.status === 401)
    return {
      answer: { kind: res.retriedAfterAmbiguous ? "not-found" : "key-rejected" },
      response: res
    };
  if (res.status >= 200 && res.status < 300)
    throw failure2(res, ctx.redactor, `${what}: unexpected answer`, "provider-error");
  throw failure2(res, ctx.redactor, what);
}

// build/providers/vastai/facts.js
var KEY_HEX_LENGTH = 64;
var vastaiFacts = {
  id: "vastai",
  name: "Vast.ai",
  aliases: ["vast", "vast.ai", "vast-ai"],
  alertNames: /\bvast(?:[\s._-]?ai)?\b/i,
  defaultBaseUrl: "https://console.vast.ai",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "console.vast.ai > Keys",
  createCall: "`POST /api/v0/auth/apikeys/` with the old key's permissions",
  tokenHelp: "a Vast.ai API key with full access or the user_write permission (console.vast.ai > Keys)",
  selfRevocation: true,
  probeDescription: "`GET /api/v0/users/current/` with the leaked key must answer 401",
  // Every key seen is 64 hex characters (see checkValue).
  keyShapes: [/(?<![0-9A-Fa-f])[0-9a-fA-F]{64}(?![0-9A-Fa-f])/],
  checkId: (id) => /^[1-9]\d{0,15}$/.test(id) ? void 0 : "a whole number >= 1",
  // Undocumented; every key seen is 64 hex characters. Only an all-hex value of another
  // length is refused (a cut or wrapped copy); any other shape goes to Vast.ai to judge.
  checkValue: (value) => /^[0-9a-fA-F]+$/.test(value) && value.length !== KEY_HEX_LENGTH ? wholeKey(`${KEY_HEX_LENGTH} hex characters`, value.length, "its numeric id") : void 0,
  // Delete threshold 2.0 s and list 1.0 s between calls (Vast.ai rate-limit page), which
  // Vast.ai measures as calls arrive: counted from the previous call's answer.
  limits: {
    concurrency: 2,
    minIntervalMs: { delete: 2e3, list: 1e3 },
    // One delete per 2.0 s per identity (src/providers/vastai/README.md).
    publishedSpacingMs: 2e3,
    fromAnswer: ["delete", "list"]
  }
};

// build/providers/baseten/facts.js
var KEY2 = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{8,256})$/;
var SEEN_FAMILY = /^[A-Za-z0-9]{8}\.[A-Za-z0-9]+$/;
var SEEN_SECRET_LENGTH = 32;
var basetenFacts = {
  id: "baseten",
  name: "Baseten",
  aliases: [],
  alertNames: /baseten/i,
  defaultBaseUrl: "https://api.baseten.co",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "app.baseten.co > Settings > API keys",
  createCall: "`POST /v1/api_keys` with the old key's type and models",
  tokenHelp: 'a Baseten personal or workspace "manage all" API key (app.baseten.co > Settings > API keys)',
  selfRevocation: true,
  probeDescription: "`GET /v1/models` with the leaked key must answer 401",
  ownsKeyFormat: (value) => KEY2.test(value),
  // The seen family: an 8-character prefix, a dot, a 32-character secret.
  keyShapes: [/(?<![A-Za-z0-9])[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}(?![A-Za-z0-9])/],
  checkId: (id) => /^[A-Za-z0-9_-]{1,64}$/.test(id) ? void 0 : "the key prefix (letters, digits, - or _)",
  checkValue: (value) => {
    if (!KEY2.test(value))
      return "a Baseten key of the form <prefix>.<secret>";
    const secret = value.length - value.indexOf(".") - 1;
    return SEEN_FAMILY.test(value) && secret !== SEEN_SECRET_LENGTH ? wholeKey(`a ${SEEN_SECRET_LENGTH}-character secret after the dot`, secret, "its prefix (the part before the dot)") : void 0;
  },
  // 100 requests/s per key and endpoint: deletes with one management key share it, so they
  // start at most every 11 ms (91/s), leaving room for network jitter.
  // 100 requests a second per key and endpoint (src/providers/baseten/README.md): deletes with one
  // management key share it; the adapter keeps 1 ms of margin.
  limits: { concurrency: 8, minIntervalMs: { delete: 11 }, publishedSpacingMs: 10 }
};

// build/providers/braintrust/facts.js
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var braintrustFacts = {
  id: "braintrust",
  name: "Braintrust",
  aliases: [],
  alertNames: /braintrust/i,
  defaultBaseUrl: "https://api.braintrust.dev",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "braintrust.dev > Settings > API keys",
  tokenHelp: "a Braintrust API key of an organization owner or admin (braintrust.dev > Settings > API keys)",
  // Keys inherit their creator's permissions; self-deletion is undocumented.
  selfRevocation: false,
  probeDescription: "`GET /v1/project?limit=1` with the leaked key must answer 401",
  keyShapes: [/(?<![A-Za-z0-9])(?:sk|bt-st)-[A-Za-z0-9]{16,128}/],
  checkId: (id) => UUID.test(id) ? void 0 : "the key uuid (8-4-4-4-12 hex digits)",
  checkValue: (value) => /^(sk-|bt-st-)[A-Za-z0-9]{16,128}$/.test(value) ? void 0 : "a Braintrust key (sk-\u2026 or bt-st-\u2026)",
  limits: { concurrency: 4 }
};

// build/providers/quiva/facts.js
var KEY3 = /^msr?-[0-9a-f]{32}$/;
var quivaFacts = {
  id: "quiva",
  name: "quiva.ai",
  aliases: ["quiva.ai", "quivaai", "quiva-ai"],
  alertNames: /quiva/i,
  defaultBaseUrl: "https://api.quiva.ai",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "app.quiva.ai",
  tokenHelp: "a quiva.ai API key (ms-\u2026) or session token of the account that owns the key (app.quiva.ai)",
  selfRevocation: true,
  probeDescription: "`GET /accounts/info` with the leaked key in `X-Api-Key` must answer 401",
  ownsKeyFormat: (value) => KEY3.test(value),
  keyShapes: [/(?<![A-Za-z0-9])msr?-[0-9a-fA-F]{32}/],
  checkId: (id) => /^[A-Za-z0-9_-]{1,128}$/.test(id) ? void 0 : "the key id from the key list (letters, digits, - or _)",
  // ms- or msr- and 32 hex characters (quiva.ai's docs): anything else is not a whole key.
  checkValue: (value) => {
    if (!/^msr?-/.test(value))
      return "a quiva.ai key (ms-\u2026 or msr-\u2026)";
    const body = value.replace(/^msr?-/, "");
    return /^[0-9a-fA-F]{32}$/.test(body) ? void 0 : wholeKey("ms- or msr- and 32 hex characters", body.length, "its id from the key list");
  },
  limits: { concurrency: 4 }
};

// build/providers/cometapi/facts.js
var cometapiFacts = {
  id: "cometapi",
  name: "CometAPI",
  aliases: ["comet", "comet-api"],
  alertNames: /\bcomet(?:[\s._-]?api)?\b/i,
  defaultBaseUrl: "https://api.cometapi.com",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "cometapi.com > Console > API keys",
  tokenHelp: "a CometAPI personal access token (cometapi.com > Console > Personal Settings), not an sk- key",
  // An sk- model key can never delete itself: only the access token can.
  selfRevocation: false,
  probeDescription: "`GET /v1/models` with the leaked key as a bearer token must answer 401",
  keyShapes: [/(?<![A-Za-z0-9])sk-[A-Za-z0-9]{48}/],
  checkId: (id) => /^[1-9]\d{0,15}$/.test(id) ? void 0 : "the numeric key id (a whole number >= 1)",
  // sk- and 48 letters or digits (CometAPI's key format): anything else is not a whole key.
  checkValue: (value) => {
    if (!value.startsWith("sk-"))
      return "a CometAPI key (sk- and 48 letters or digits)";
    const body = value.slice(3);
    return /^[A-Za-z0-9]{48}$/.test(body) ? void 0 : wholeKey("sk- and 48 letters or digits", body.length, "its numeric id");
  },
  limits: { concurrency: 4 }
};

// build/providers/openai/facts.js
var PART = /^[A-Za-z0-9_-]{1,100}$/;
var ADMIN = "admin";
function parseKeyId(id) {
  const parts = id.split(":");
  if (parts.length !== 2)
    return void 0;
  const [scope = "", keyId = ""] = parts;
  if (!PART.test(scope) || !PART.test(keyId))
    return void 0;
  return scope === ADMIN ? { kind: "admin", keyId } : { kind: "project", projectId: scope, keyId };
}
var openaiFacts = {
  id: "openai",
  name: "OpenAI",
  aliases: ["open-ai"],
  // GitHub's own type is in `secretTypes`. A custom pattern naming OpenAI maps here too, but
  // never one for something this adapter cannot delete (a webhook secret, an Azure OpenAI key,
  // an organization or project id) or another service's key (OpenRouter).
  alertNames: /^(?!.*\b(?:azure|webhook|whsec|signing|org(?:anization)?[\s._-]?id|project[\s._-]?id)\b).*\bopen[\s._-]?ai\b/i,
  secretTypes: ["openai_api_key"],
  defaultBaseUrl: "https://api.openai.com",
  // `x-request-id`: "unique identifier for this API request (used in troubleshooting)" (API
  // reference overview, "Debugging requests": https://platform.openai.com/docs/api-reference/debugging-requests).
  requestIdHeaders: ["x-request-id"],
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "the OpenAI API Platform dashboard > API keys (admin keys: Admin keys)",
  createCall: "`POST /v1/organization/admin_api_keys` (admin keys only)",
  tokenHelp: "an OpenAI admin API key (sk-admin-\u2026), which only organization owners can create (API Platform dashboard > Admin keys)",
  // An API key is never given the Administration API (admin keys cannot call anything else),
  // and nothing documents a key deleting itself: the admin key is always required.
  selfRevocation: false,
  probeDescription: '`GET /v1/models` (an admin key: `GET /v1/organization/admin_api_keys?limit=1`) with the leaked key must answer 401 "Incorrect API key provided"',
  // Prefixes that name OpenAI and no other provider here (Braintrust and CometAPI keys are
  // `sk-` and letters or digits; Anthropic's are `sk-ant-`).
  // Admin keys (`sk-admin-…`, ids `admin:<key id>`) manage the whole organization; the others
  // reach one project. The prefixes are those OpenAI issues (API keys page; Admin API keys).
  keyKind: ({ id, value }) => {
    if (value?.startsWith("sk-admin-") || parseKeyId(id ?? "")?.kind === "admin")
      return "admin";
    if (value?.startsWith("sk-svcacct-"))
      return "service-account";
    if (value?.startsWith("sk-proj-") || parseKeyId(id ?? "")?.kind === "project")
      return "project";
    return void 0;
  },
  ownsKeyFormat: (value) => /^sk-(?:proj|admin|svcacct)-[A-Za-z0-9_-]{8,}$/.test(value),
  keyShapes: [/(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}/],
  checkId: (id) => parseKeyId(id) ? void 0 : "`<project id>:<key id>` for a project key (proj_abc:key_abc) or `admin:<key id>` for an admin key (admin:key_abc)",
  checkValue: (value) => {
    if (/^sk-ant-/.test(value))
      return "an OpenAI key (sk-\u2026); sk-ant-\u2026 is an Anthropic key";
    return /^sk-[A-Za-z0-9_-]{8,}$/.test(value) ? void 0 : "an OpenAI key: sk- followed by letters, digits, - or _ (sk-proj-\u2026, sk-admin-\u2026, sk-svcacct-\u2026 or a legacy sk-\u2026)";
  },
  limits: { concurrency: 4 }
};

// build/providers/github/facts.js
var MAX_PER_REQUEST = 1e3;
var EXPECTED = "a GitHub token the credential revocation API takes: ghp_ (classic personal access token), github_pat_ (fine-grained), gho_ (OAuth app), ghu_ (GitHub App user-to-server) or ghr_ (GitHub App refresh token), then letters, digits or _, at most 255 characters in all";
function checkToken(value) {
  if (value.startsWith("ghs_"))
    return `${EXPECTED}. This is a GitHub App installation token (ghs_), which that API does not take: it expires within an hour; to end it sooner, send \`DELETE /installation/token\` authenticated with the token itself, or suspend the app's installation`;
  const prefix = /^(?:gh[pour]_|github_pat_)/.exec(value)?.[0];
  if (!prefix)
    return EXPECTED;
  return /^[A-Za-z0-9_]{20,}$/.test(value.slice(prefix.length)) && value.length <= 255 ? void 0 : `${EXPECTED}; this has ${value.length} characters, ${value.length - prefix.length} after ${prefix}: is it cut short, or wrapped onto two lines?`;
}
var githubFacts = {
  id: "github",
  name: "GitHub",
  aliases: ["gh", "github-token", "github-pat"],
  // Native secret types cover GitHub's own token alerts. A custom pattern or type naming GitHub
  // maps here unless it names something the revocation API does not take (an installation
  // token, an SSH or private key, a test or sample token, a webhook or deploy key); a value
  // that is not one of its tokens then fails `checkValue`, saying what is expected.
  alertNames: /\bgithub\b(?!.*\b(?:installation|ssh|private key|test|sample|secret scanning|webhook|deploy)\b)/i,
  // The GitHub tokens `POST /credentials/revoke` takes (ghp_, github_pat_, gho_, ghu_, ghr_).
  // Not github_app_installation_access_token (ghs_), github_ssh_private_key, github_test_token.
  secretTypes: [
    "github_personal_access_token",
    "github_oauth_access_token",
    "github_refresh_token"
  ],
  defaultBaseUrl: "https://api.github.com",
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "GitHub > Settings > Developer settings > Personal access tokens",
  tokenHelp: "nothing: GitHub revokes a leaked token given only the token itself",
  inputs: { token: false, apiUrl: "GITHUB_API_URL" },
  // The revocation takes the leaked token itself (in the body) and no credential at all.
  selfRevocation: true,
  probeDescription: "`GET /user` with the leaked token as a bearer token must answer 401 (a ghr_ refresh token cannot call the API, so it is revoked unverified)",
  // Every GitHub token prefix names GitHub alone; ghs_ too, so its refusal names the next step.
  ownsKeyFormat: (value) => /^(?:gh[pousr]_|github_pat_)/.test(value),
  keyShapes: [/(?<![A-Za-z0-9])(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/],
  checkId: () => "no id: GitHub revokes a token by its value; give the token in `key` (or `key-from-input`)",
  checkValue: checkToken,
  // The engine gathers every token of the run that reached its delete into one request.
  limits: { concurrency: MAX_PER_REQUEST, batch: MAX_PER_REQUEST }
};

// build/providers/gitlab/facts.js
var API = "/api/v4";
var NUMBER = "[1-9]\\d{0,15}";
var PAT_ID = new RegExp(`^${NUMBER}$`);
var SCOPED_ID = new RegExp(`^(project|group):(${NUMBER}):(${NUMBER})$`);
var OTHER_KINDS = [
  ["gloas-", "OAuth application secret"],
  ["gldt-", "deploy token"],
  ["glrtr-", "runner authentication token"],
  ["glrt-", "runner authentication token"],
  ["glcbt-", "CI/CD job token"],
  ["glptt-", "pipeline trigger token"],
  ["glft-", "feed token"],
  ["glimt-", "incoming mail token"],
  ["glagent-", "agent for Kubernetes token"],
  ["glwt-", "workspace token"],
  ["glsoat-", "SCIM token"],
  ["glffct-", "feature flags client token"],
  ["_gitlab_session=", "session cookie"]
];
function revokePath(id) {
  if (PAT_ID.test(id))
    return `${API}/personal_access_tokens/${segment(id)}`;
  const scoped = SCOPED_ID.exec(id);
  if (!scoped)
    return void 0;
  const [, kind, owner, token] = scoped;
  return `${API}/${kind === "project" ? "projects" : "groups"}/${segment(owner ?? "")}/access_tokens/${segment(token ?? "")}`;
}
var gitlabFacts = {
  id: "gitlab",
  name: "GitLab",
  aliases: ["gitlab.com"],
  // Only access tokens: GitLab's other secret types (deploy, runner, job, trigger, feed tokens,
  // OAuth secrets, ...) are revoked elsewhere, so a name that says one of them never maps here.
  alertNames: /^(?!.*\b(?:ci|cd|job|build|deploy|feed|runner|registration|trigger|pipeline|oauth|app|application|scim|agent|kubernetes|incoming|e?mail|feature|flags?|workspace|session|cookie)\b).*\bgitlab\b/i,
  secretTypes: ["gitlab_access_token"],
  defaultBaseUrl: "https://gitlab.com",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "GitLab > the token\u2019s user, project or group settings > Access tokens",
  createCall: "`POST /api/v4/projects/:id/access_tokens` or `/groups/:id/access_tokens` (project and group access tokens only; never the rotate endpoint)",
  tokenHelp: "a GitLab personal access token with the `api` scope (User settings > Access tokens) of an administrator, of the leaked token\u2019s owner, or of a member who may manage the project\u2019s or group\u2019s access tokens",
  // DELETE /personal_access_tokens/self: any personal access token can revoke itself (15.4+).
  selfRevocation: true,
  probeDescription: "`GET /api/v4/personal_access_tokens/self` with the leaked token in `PRIVATE-TOKEN` must answer 401",
  ownsKeyFormat: (value) => value.startsWith("glpat-"),
  // glpat- and GitLab's other token prefixes (gl + letters, a dash).
  keyShapes: [/(?<![A-Za-z0-9])gl[a-z]{2,6}-[A-Za-z0-9_-]{20,}/],
  checkId: (id) => revokePath(id) ? void 0 : "a GitLab token id: `123` (personal access token), `project:<project id>:<token id>` or `group:<group id>:<token id>` (whole numbers)",
  checkValue: (value) => {
    if (/\s/.test(value))
      return "a GitLab access token on one line, without spaces (is it wrapped onto two lines?)";
    const other = OTHER_KINDS.find(([prefix]) => value.startsWith(prefix));
    if (other)
      return `a GitLab personal, project or group access token (glpat-\u2026, or the instance's own prefix); a ${other[1]} (${other[0]}\u2026) is revoked elsewhere in GitLab, not by this action`;
    return void 0;
  },
  // GitLab.com: 2,000 authenticated API requests a minute per user, shared by the deletes made
  // with one token: at most one each 30 ms. A 429 carries Retry-After.
  // GitLab.com: 2,000 authenticated API requests a minute per user (src/providers/gitlab/README.md);
  // deletes with one token share it.
  limits: { concurrency: 4, minIntervalMs: { delete: 30 }, publishedSpacingMs: 30 }
};

// build/providers/slack/facts.js
var ACCESS_TOKEN = /^(?:xoxe\.)?xox[bp]-[0-9A-Za-z-]+$/;
var SLACK_SHAPE = /^(?:(?:xoxe\.)?xox[a-z]-|xoxe-|xapp-|https:\/\/hooks\.slack\.com\/)/;
function checkValue(value) {
  if (ACCESS_TOKEN.test(value))
    return void 0;
  const token = "a Slack access token (xoxb-\u2026, xoxp-\u2026, xoxe.xoxb-\u2026 or xoxe.xoxp-\u2026)";
  if (value.startsWith("https://hooks.slack.com/"))
    return `${token}; this is a webhook URL, which auth.revoke cannot revoke: nothing was sent. Remove the webhook where it was made (the Slack app's Incoming Webhooks settings at api.slack.com/apps, or the workflow's webhook trigger)`;
  if (value.startsWith("xoxe-"))
    return `${token}; this is a refresh token, which cannot authenticate auth.revoke and which Slack documents no way to revoke by value: revoke the access token it was issued with, or reinstall the app`;
  if (value.startsWith("xapp-"))
    return `${token}; this is an app-level token, for which Slack documents no auth.revoke: revoke it in the app's settings at api.slack.com/apps (Basic Information, App-Level Tokens)`;
  if (/^xox[a-z]-/.test(value))
    return `${token}; this token type is not one Slack documents for auth.revoke: revoke it at Slack (api.slack.com/apps, or the workspace's admin settings)`;
  return token;
}
var slackFacts = {
  id: "slack",
  name: "Slack",
  aliases: ["slack.com"],
  // Also names Slack's webhook URL types: they map here and fail in checkValue with the next step.
  alertNames: /\bslack\b/i,
  // GitHub's native type for Slack tokens (Supported secret scanning patterns).
  secretTypes: ["slack_api_token"],
  defaultBaseUrl: "https://slack.com",
  // Slack documents no credential that revokes another token by its value: no token input.
  inputs: { token: false, apiUrl: "input" },
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "the app's settings at api.slack.com/apps (OAuth & Permissions)",
  tokenHelp: "nothing: the leaked token revokes itself; if it cannot, revoke it in the app's settings at api.slack.com/apps",
  selfRevocation: true,
  probeDescription: "`POST /api/auth.test` with the leaked token as a bearer must answer `ok: false` with `invalid_auth`, `token_revoked`, `account_inactive` or `not_authed`",
  ownsKeyFormat: (value) => SLACK_SHAPE.test(value),
  keyShapes: [
    /(?<![A-Za-z0-9])(?:xoxe\.)?xox[a-z]-[A-Za-z0-9-]{10,}/,
    /(?<![A-Za-z0-9])(?:xoxe|xapp)-[A-Za-z0-9-]{10,}/,
    /https:\/\/hooks\.slack\.com\/[^\s"'<>]+/
  ],
  checkId: () => "nothing: a Slack token has no id that can revoke it. Give the token itself in `key` (it revokes itself with auth.revoke)",
  checkValue,
  // auth.revoke is Tier 3, 50+ per minute per app and workspace (Slack's rate-limit page):
  // one revoke every 1.2 s stays inside it whoever the tokens belong to. auth.test has
  // "special" limits with no figure: it is not paced, a 429 is retried after Retry-After.
  // Tier 3, 50+ a minute per app and workspace; that auth.revoke is Tier 3 is unconfirmed
  // (src/providers/slack/README.md).
  limits: { concurrency: 4, minIntervalMs: { delete: 1200 }, publishedSpacingMs: 1200 }
};

// build/providers/anthropic/facts.js
var ID = /^apikey_[A-Za-z0-9]{1,64}$/;
var anthropicFacts = {
  id: "anthropic",
  name: "Anthropic",
  aliases: ["claude"],
  // GitHub's Anthropic Session ID is no API key: it is left to `secret-types` (and refused there).
  alertNames: /^(?!.*\bsession\b).*\banthropic\b/i,
  // The admin key type maps here too, so that a leaked admin key fails loudly (see checkValue).
  secretTypes: ["anthropic_api_key", "anthropic_admin_api_key"],
  defaultBaseUrl: "https://api.anthropic.com",
  // Every answer carries `request-id`, "a globally unique identifier for the request" (API overview,
  // "Response headers": https://docs.anthropic.com/en/api/overview).
  requestIdHeaders: ["request-id"],
  revocationWords: {
    done: "Deactivated (status inactive; Anthropic's Admin API does not delete keys)",
    verb: "deactivate",
    noun: "deactivation"
  },
  restoreHelp: 'set its status back to active (the Admin API\'s update, `POST /v1/organizations/api_keys/{id}` with `{"status": "active"}`, or the Claude Console > API keys)',
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "Claude Console > Settings > API keys",
  tokenHelp: "an Anthropic Admin API key (sk-ant-admin\u2026; Claude Console > Settings > Admin keys, created by an organization admin), not an sk-ant-api key",
  // An API key cannot call the Admin API: only an Admin API key can deactivate it.
  selfRevocation: false,
  probeDescription: "`GET /v1/models?limit=1` with the leaked key as `x-api-key` must answer 401 (after the key was set to status `inactive`: the Admin API does not delete keys)",
  ownsKeyFormat: (value) => value.startsWith("sk-ant-"),
  keyShapes: [/(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{20,}/],
  checkId: (id) => ID.test(id) ? void 0 : "the API key id: apikey_ and letters or digits (Claude Console > API keys, or the Admin API)",
  checkValue: (value) => {
    if (value.startsWith("sk-ant-admin"))
      return "an Anthropic API key (sk-ant-api\u2026), and this is an Admin API key (sk-ant-admin\u2026), which Anthropic's Admin API cannot deactivate: delete it by hand now in the Claude Console > Settings > Admin keys";
    if (!/^sk-ant-api/.test(value))
      return "an Anthropic API key (sk-ant-api\u2026)";
    return /^sk-ant-api[A-Za-z0-9_-]+$/.test(value) ? void 0 : "an Anthropic API key: sk-ant-api followed only by letters, digits, - and _";
  },
  limits: { concurrency: 4 }
};

// build/providers/fastly/facts.js
var TOKEN_CHARACTERS = /^[A-Za-z0-9_-]+$/;
var NON_READ_PER_HOUR = 1e3;
var fastlyFacts = {
  id: "fastly",
  name: "Fastly",
  aliases: ["fastly.com"],
  alertNames: /\bfastly\b/i,
  // GitHub's native type for Fastly API tokens (Supported secret scanning patterns).
  secretTypes: ["fastly_api_token"],
  defaultBaseUrl: "https://api.fastly.com",
  // `DELETE /tokens/self` revokes the token that authenticates it: no credential, no token input.
  inputs: { token: false, apiUrl: "input" },
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "manage.fastly.com > Account > API tokens",
  tokenHelp: "nothing: the leaked token revokes itself; if it cannot, its owner (or a superuser) deletes it under Account > API tokens at manage.fastly.com",
  selfRevocation: true,
  probeDescription: "`GET /tokens/self` with the leaked token in `Fastly-Key` must answer 401 (a 403 proves nothing: a live token whose scope does not cover it may get one too)",
  keyShapes: [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/],
  checkId: () => "nothing: a Fastly token is revoked by its value, with `DELETE /tokens/self`; give the token itself in `key`",
  checkValue: (value) => TOKEN_CHARACTERS.test(value) ? void 0 : "a Fastly API token (letters, digits, `-` and `_` only; every token seen has 32)",
  // 1,000 non-read requests an hour per user, whatever the token: the revoke is one, so revokes
  // are spaced 3.6 s apart, as if every token were one user's (the worst case). Reads (the
  // probes) are not limited.
  limits: {
    concurrency: 4,
    minIntervalMs: { delete: 36e5 / NON_READ_PER_HOUR },
    publishedSpacingMs: 36e5 / NON_READ_PER_HOUR
  }
};

// build/providers/buildkite/facts.js
var PREFIX = /^bk[a-z]{2}_/;
var OTHER_TOKENS = {
  bkaa_: "an agent session (access) token",
  bkaj_: "an agent job token",
  bkar_: "an unclustered agent (registration) token"
};
var EXPECTED2 = "a Buildkite API access token (bkua_\u2026)";
var REQUESTS_PER_MINUTE_PER_USER = 50;
function checkValue2(value) {
  const prefix = PREFIX.exec(value)?.[0];
  if (prefix && prefix !== "bkua_")
    return `${EXPECTED2}; this is ${OTHER_TOKENS[prefix] ?? `another kind of Buildkite token (${prefix})`}, which the access token API does not revoke: nothing was sent. Revoke or rotate it where it was made in the Buildkite organization (agents, clusters, packages, portals)`;
  return /^[A-Za-z0-9._-]+$/.test(value) ? void 0 : EXPECTED2;
}
var buildkiteFacts = {
  id: "buildkite",
  name: "Buildkite",
  aliases: ["buildkite.com"],
  // Not its other tokens (agent, job, registration, cluster, packages, portal): the access token
  // API does not revoke them, so their alerts are left unmapped instead of sent anywhere.
  alertNames: /\bbuildkite\b(?!.*\b(?:agents?|job|registration|cluster|queue|packages?|portal)\b)/i,
  // GitHub's native type for Buildkite API access tokens (Supported secret scanning patterns).
  secretTypes: ["buildkite_user_access_token"],
  defaultBaseUrl: "https://api.buildkite.com",
  // `DELETE /v2/access-token` revokes the token that authenticates it: no token input.
  inputs: { token: false, apiUrl: "input" },
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "Buildkite > Personal Settings > API Access Tokens",
  tokenHelp: "nothing: the leaked token revokes itself; if it cannot, its owner revokes it under Personal Settings > API Access Tokens, or an organization administrator removes its access on the API Access Audit page",
  selfRevocation: true,
  probeDescription: "`GET /v2/access-token` with the leaked token as a bearer must answer 401 (undocumented for a revoked token: see the page)",
  ownsKeyFormat: (value) => PREFIX.test(value),
  keyShapes: [/(?<![A-Za-z0-9_])bk[a-z]{2}_[A-Za-z0-9._-]{20,}/],
  checkId: () => "nothing: a Buildkite token is revoked by its value, with `DELETE /v2/access-token`; give the token itself in `key`",
  checkValue: checkValue2,
  // Every REST request counts against two limits, 200 a minute per organization and 50 a minute
  // per user by default: every call (probe or revoke) is spaced 1.2 s apart, as if every token
  // were one user's (the worst case).
  limits: {
    concurrency: 4,
    minIntervalMs: { api: 6e4 / REQUESTS_PER_MINUTE_PER_USER },
    publishedSpacingMs: 6e4 / REQUESTS_PER_MINUTE_PER_USER
  }
};

// build/providers/vercel/facts.js
var PREFIX2 = /^vc[pikar]_/;
var NOT_REVOKED = {
  vck_: "a Vercel API key (vck_), which is not an access token: this call is not documented to revoke it. Delete it in the Vercel dashboard where it was made",
  vca_: "a Vercel app access token (vca_, Sign in with Vercel), issued to an app: revoke it through the app, or remove the app from the account",
  vcr_: "a Vercel app refresh token (vcr_), which cannot authenticate an API call, so it cannot revoke itself: remove the app from the account to end it"
};
var EXPECTED3 = "a Vercel access token (vcp_\u2026 personal, vci_\u2026 integration, or an older token)";
function checkValue3(value) {
  const prefix = PREFIX2.exec(value)?.[0];
  const refused = prefix ? NOT_REVOKED[prefix] : void 0;
  if (refused)
    return `${EXPECTED3}; this is ${refused}. Nothing was sent`;
  return /^[A-Za-z0-9_-]+$/.test(value) ? void 0 : EXPECTED3;
}
var vercelFacts = {
  id: "vercel",
  name: "Vercel",
  aliases: ["vercel.com"],
  // Its support access token alone is left unmapped (undocumented). The API key and app types
  // map here by name: a vck_/vca_/vcr_ value fails in checkValue, saying where to revoke it.
  alertNames: /\bvercel\b(?!.*\bsupport\b)/i,
  // GitHub's native types whose tokens `DELETE /v3/user/tokens/current` revokes.
  secretTypes: ["vercel_personal_access_token", "vercel_integration_access_token"],
  defaultBaseUrl: "https://api.vercel.com",
  // The token revokes itself ("current"): no credential, no token input.
  inputs: { token: false, apiUrl: "input" },
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "vercel.com > Account Settings > Tokens",
  tokenHelp: "nothing: the leaked token revokes itself; if it cannot, its owner deletes it under Account Settings > Tokens at vercel.com",
  selfRevocation: true,
  probeDescription: "`GET /v2/user` with the leaked token as a bearer must answer 401 (a 403 proves nothing either way)",
  ownsKeyFormat: (value) => PREFIX2.test(value),
  keyShapes: [/(?<![A-Za-z0-9_])vc[pikar]_[A-Za-z0-9_-]{20,}/],
  checkId: () => "nothing: a Vercel token is revoked by its value, with `DELETE /v3/user/tokens/current`; give the token itself in `key`",
  checkValue: checkValue3,
  // Vercel publishes no rate limit for its token endpoints: revokes are spaced 1 s apart
  // (an assumption, see the page) and a 429 is retried after its Retry-After.
  limits: { concurrency: 4, minIntervalMs: { delete: 1e3 } }
};

// build/providers/heroku/facts.js
var HRKU = /^HRKU-[A-Za-z0-9_-]{20,200}$/;
var UUID2 = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function checkValue4(value) {
  if (HRKU.test(value) || UUID2.test(value))
    return void 0;
  const expected = "a Heroku Platform API token: HRKU- and at least 20 letters, digits, - or _, or an older token that is a bare UUID";
  if (value.startsWith("HRKU-"))
    return `${expected}; this has ${value.length - 5} characters after HRKU-: is it cut short, or wrapped onto two lines?`;
  return expected;
}
var herokuFacts = {
  id: "heroku",
  name: "Heroku",
  aliases: ["heroku.com", "heroku-platform-api"],
  // Not heroku_postgres_connection_url: a database URL is no Platform API token.
  alertNames: /\bheroku\b(?!.*\b(?:postgres|database|connection)\b)/i,
  // GitHub's native type for Heroku Platform API tokens (Supported secret scanning patterns).
  secretTypes: ["heroku_platform_api_oauth2_token"],
  defaultBaseUrl: "https://api.heroku.com",
  // The leaked token finds its own authorization and deletes it: no token input.
  inputs: { token: false, apiUrl: "input" },
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "the Heroku Dashboard > Account settings > Applications (or `heroku authorizations:create`)",
  // heroku/platform-api schema.json, oauth-authorization "Create" (README, Create).
  createCall: "`POST /oauth/authorizations` with the leaked authorization's scope and remaining lifetime, by the leaked token itself",
  tokenHelp: "nothing: the leaked token revokes its own authorization; if it cannot (its scope may not manage authorizations), revoke it in the Heroku Dashboard (Account settings, Applications) or with `heroku authorizations:revoke`",
  selfRevocation: true,
  probeDescription: "`GET /account` with the leaked token as a bearer must answer 401",
  ownsKeyFormat: (value) => value.startsWith("HRKU-"),
  // A bare-UUID token has no shape that names it (authorization ids are UUIDs too): the adapter
  // adds every token it reads to the redactor instead.
  keyShapes: [/(?<![A-Za-z0-9])HRKU-[A-Za-z0-9_-]{20,}/],
  checkId: () => "nothing: the action finds the authorization from the token itself; give the token in `key`",
  checkValue: checkValue4,
  // 4,500 requests an hour per account (Platform API reference, rate limits): one call each
  // 800 ms, all of a run's calls together, stays within it.
  limits: {
    concurrency: 2,
    minIntervalMs: { call: 800 },
    publishedSpacingMs: 800
  }
};

// build/providers/huggingface/facts.js
var MAX_PER_REQUEST2 = 1e3;
var EXPECTED4 = "a Hugging Face user access token (hf_ and at least 30 letters or digits)";
function checkValue5(value) {
  if (value.startsWith("api_org_"))
    return `${EXPECTED4}. This is an organization API token (api_org_), which Hugging Face has deprecated and does not document for its revocation endpoint: delete it in the organization's settings`;
  if (!value.startsWith("hf_"))
    return EXPECTED4;
  const body = value.slice(3);
  if (!/^[A-Za-z0-9]+$/.test(body))
    return EXPECTED4;
  return body.length >= 30 && body.length <= 64 ? void 0 : `${EXPECTED4}; this has ${body.length} after hf_: is it cut short, or wrapped onto two lines?`;
}
var huggingfaceFacts = {
  id: "huggingface",
  name: "Hugging Face",
  aliases: ["hf", "hugging-face", "huggingface.co"],
  alertNames: /\bhugging\s?face\b/i,
  // GitHub's native type for Hugging Face user tokens. Not hf_org_api_key: the revocation
  // endpoint's page speaks of access tokens only (see README.md).
  secretTypes: ["hf_user_access_token"],
  defaultBaseUrl: "https://huggingface.co",
  // The revocation takes the tokens themselves (in the body) and no credential at all.
  inputs: { token: false, apiUrl: "input" },
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "huggingface.co/settings/tokens",
  tokenHelp: "nothing: Hugging Face revokes a leaked token given only the token itself; its owner can also delete it at huggingface.co/settings/tokens",
  selfRevocation: true,
  probeDescription: "`GET /api/whoami-v2` with the leaked token as a bearer must answer 401 (the revocation answers 202 to any list, so only this proves anything)",
  ownsKeyFormat: (value) => value.startsWith("hf_"),
  keyShapes: [/(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/, /(?<![A-Za-z0-9])api_org_[A-Za-z0-9]{20,}/],
  checkId: () => "nothing: Hugging Face revokes a token by its value; give the token itself in `key`",
  checkValue: checkValue5,
  // The engine gathers every token of the run that reached its delete into one request. The
  // request is anonymous: 500 API requests per 5 minutes per IP address (Hub rate limits page),
  // one every 600 ms.
  limits: {
    concurrency: MAX_PER_REQUEST2,
    batch: MAX_PER_REQUEST2,
    minIntervalMs: { delete: 600 },
    publishedSpacingMs: 600
  }
};

// build/providers/npm/facts.js
function checkValue6(value) {
  if (!value.startsWith("npm_"))
    return "an npm access token (npm_ and 36 letters or digits). A legacy token without the npm_ prefix (a UUID) is not taken: revoke it at npmjs.com (Access Tokens) or with `npm token revoke`";
  const body = value.slice("npm_".length);
  return /^[A-Za-z0-9]{36}$/.test(body) ? void 0 : `an npm access token: npm_ and 36 letters or digits, and this has ${body.length} after npm_: is it cut short, or wrapped onto two lines?`;
}
var npmFacts = {
  id: "npm",
  name: "npm",
  aliases: ["npmjs", "npmjs.com", "npm-registry"],
  // "npm" alone: not "pnpm", and not a word that merely contains it.
  alertNames: /(?<![a-z])npm(?![a-z])/i,
  // GitHub's native type for npm tokens (Supported secret scanning patterns).
  secretTypes: ["npm_access_token"],
  defaultBaseUrl: "https://registry.npmjs.org",
  // The leaked token authenticates its own delete; npm documents no credential that deletes
  // another user's token by value: no token input.
  inputs: { token: false, apiUrl: "input" },
  revocationWords: { done: "Revoked", verb: "revoke", noun: "revocation" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "npmjs.com > Access Tokens",
  tokenHelp: "nothing: the leaked token revokes itself; if npm refuses (a granular token, or a one-time password demanded), revoke it at npmjs.com under Access Tokens",
  selfRevocation: true,
  probeDescription: "`GET /-/whoami` with the leaked token as a bearer must answer 401",
  // "a delay of up to an hour before a token is successfully revoked" (npm's revoking page).
  revocationDelay: "a delay of up to an hour before a token is revoked",
  ownsKeyFormat: (value) => value.startsWith("npm_"),
  keyShapes: [/(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36,}/],
  checkId: () => "nothing: the action revokes an npm token by its value; give the token itself in `key`",
  checkValue: checkValue6,
  // npm publishes no rate limit for its registry API: one revocation a second, two at once.
  limits: { concurrency: 2, minIntervalMs: { delete: 1e3 } }
};

// build/providers/cloudflare/facts.js
var API2 = "/client/v4";
var ACCOUNT_ID = /^[0-9a-f]{32}$/;
var TOKEN_ID = /^[0-9a-f]{32}$/;
function parseTokenId(id) {
  if (TOKEN_ID.test(id))
    return { kind: "user", tokenId: id };
  const parts = id.split(":");
  if (parts.length !== 3 || parts[0] !== "account")
    return void 0;
  const [, accountId = "", tokenId = ""] = parts;
  return ACCOUNT_ID.test(accountId) && TOKEN_ID.test(tokenId) ? { kind: "account", accountId, tokenId } : void 0;
}
var USER_PREFIX = "cfut_";
var ACCOUNT_PREFIX = "cfat_";
var GLOBAL_KEY_PREFIX = "cfk_";
var LEGACY = /^[A-Za-z0-9_-]{40}$/;
var SCANNABLE = /^cf(?:ut|at|k)_[A-Za-z0-9]{40,}$/;
var cloudflareFacts = {
  id: "cloudflare",
  name: "Cloudflare",
  aliases: ["cf"],
  // Only API tokens: a name that says Global API Key, Origin CA key, Tunnel or Access service
  // token is something this adapter cannot delete.
  alertNames: /^(?!.*\b(?:global|origin|ca|tunnel|access|service|turnstile|stream|images?|r2|s3)\b).*\bcloudflare\b/i,
  secretTypes: ["cloudflare_user_api_token", "cloudflare_account_api_token"],
  defaultBaseUrl: "https://api.cloudflare.com",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "the Cloudflare dashboard > My Profile > API Tokens (account tokens: Manage Account > API Tokens)",
  // cloudflare/api-schemas openapi.json, user-api-tokens-create-token (README, Create).
  createCall: "`POST /user/tokens` with the old user token's policies, IP condition and dates (user tokens only)",
  tokenHelp: 'a Cloudflare API token with the "API Tokens Write" permission (user tokens: My Profile > API Tokens) and, for account-owned tokens, "Account API Tokens Write" on their account',
  // The delete needs "API Tokens Write" / "Account API Tokens Write", which a leaked token
  // rarely has: the credential is required.
  selfRevocation: false,
  probeDescription: "`GET /user/tokens/verify` (an account token: `GET /accounts/{account_id}/tokens/verify`) with the leaked token must no longer answer `status: active` (a 401, or a status other than active)",
  ownsKeyFormat: (value) => SCANNABLE.test(value),
  keyShapes: [/(?<![A-Za-z0-9_])cf(?:ut|at|k)_[A-Za-z0-9]{40,}/],
  checkId: (id) => parseTokenId(id) ? void 0 : "a Cloudflare token id: 32 hexadecimal characters for a user token, or `account:<account id>:<token id>` for an account-owned token",
  checkValue: (value) => {
    if (value.startsWith(GLOBAL_KEY_PREFIX))
      return "a Cloudflare API token (cfut_\u2026, cfat_\u2026 or a 40-character token); a Global API Key (cfk_\u2026) has no API to revoke it: roll it in the dashboard (My Profile > API Tokens > Global API Key > Roll)";
    if (/\s/.test(value))
      return "a Cloudflare API token on one line, without spaces (is it wrapped onto two lines?)";
    if (SCANNABLE.test(value) || LEGACY.test(value))
      return void 0;
    return "a Cloudflare API token: cfut_ or cfat_ followed by 40 characters and a checksum, or an older 40-character token (letters, digits, - or _)";
  },
  // 1,200 requests per five minutes per user or account token (limits page): one each 250 ms
  // for the calls made with the management token.
  limits: {
    concurrency: 4,
    minIntervalMs: { delete: 250, list: 250 },
    publishedSpacingMs: 250
  }
};

// build/providers/sendgrid/facts.js
var KEY4 = /^SG\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,128})$/;
var KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
var KEY_LENGTH = 69;
var sendgridFacts = {
  id: "sendgrid",
  name: "SendGrid",
  aliases: ["twilio-sendgrid"],
  alertNames: /\bsend[\s._-]?grid\b/i,
  secretTypes: ["sendgrid_api_key"],
  defaultBaseUrl: "https://api.sendgrid.com",
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "SendGrid > Settings > API Keys",
  createCall: "`POST /v3/api_keys` with the old key's scopes",
  tokenHelp: "a SendGrid API key allowed to read and delete API keys (`api_keys.read` and `api_keys.delete`, or Full Access), created at Settings > API Keys",
  // A key could delete itself only if it may manage API keys, which a sending key rarely may:
  // the credential is required.
  selfRevocation: false,
  probeDescription: "`GET /v3/scopes` with the leaked key must answer 401 after it answered 200 before the delete",
  ownsKeyFormat: (value) => KEY4.test(value),
  keyShapes: [/(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{16,128}/],
  checkId: (id) => KEY_ID.test(id) ? void 0 : "the API key id (letters, digits, - or _), as `GET /v3/api_keys` lists it",
  checkValue: (value) => {
    if (/\s/.test(value))
      return "a SendGrid API key on one line, without spaces (is it wrapped onto two lines?)";
    if (!KEY4.test(value))
      return "a SendGrid API key: SG.<key id>.<secret>";
    return value.length === KEY_LENGTH ? void 0 : wholeKey(`a key of ${KEY_LENGTH} characters`, value.length, "its API key id");
  },
  // No numbers published for the API key endpoints (rate limits page: a fixed number per
  // endpoint and refresh period, shown in X-RateLimit-* headers): paced conservatively, at
  // most 4 calls a second with the management key.
  limits: { concurrency: 2, minIntervalMs: { delete: 250, list: 250 } }
};

// build/providers/twilio/facts.js
var KEY_SID = /^SK[0-9a-fA-F]{32}$/;
var ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
var VALUE = /^(SK[0-9a-fA-F]{32}):([A-Za-z0-9]{1,128})$/;
function parseValue(value) {
  const match = VALUE.exec(value);
  return match?.[1] && match[2] ? { sid: match[1], secret: match[2] } : void 0;
}
var AUTH_TOKEN = /^[A-Za-z0-9]{8,128}$/;
function parseCredential(token) {
  const parts = token.split(":");
  const [accountSid = "", a = "", b] = parts;
  if (!ACCOUNT_SID.test(accountSid))
    return void 0;
  if (parts.length === 2 && AUTH_TOKEN.test(a))
    return { accountSid, user: accountSid, password: a };
  if (parts.length === 3 && KEY_SID.test(a) && b !== void 0 && AUTH_TOKEN.test(b))
    return { accountSid, user: a, password: b };
  return void 0;
}
var CREDENTIAL_FORM = "`ACCOUNT_SID:AUTH_TOKEN` (AC\u2026 and the auth token) or `ACCOUNT_SID:MAIN_KEY_SID:MAIN_KEY_SECRET` (a Main API key, SK\u2026, with its account SID)";
var twilioFacts = {
  id: "twilio",
  name: "Twilio",
  aliases: [],
  // API keys only: a name that says auth token, account SID or access token is something
  // this adapter cannot delete.
  alertNames: /^(?!.*\b(?:auth|account|sid|access|sendgrid|segment|authy|verify|flex)\b).*\btwilio\b/i,
  secretTypes: ["twilio_api_key"],
  defaultBaseUrl: "https://api.twilio.com",
  // The IAM v1 Key resource (a replacement's fetch, list and create) is on its own host.
  serviceUrls: { iam: "https://iam.twilio.com" },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "the Twilio Console > Account > API keys & tokens",
  // Key resource v1 (twilio/twilio-oai spec/yaml/twilio_iam_v1.yaml, CreateNewKey; Key v1 page):
  // the v2010 create "doesn't support creating Restricted API keys" (Key v2010 page).
  createCall: "IAM v1 `POST /v1/Keys` with the old key's kind (Standard, or Restricted with its `Policy`)",
  tokenHelp: `${CREDENTIAL_FORM}; only these may manage API keys (a Standard key may not)`,
  // A Standard or Restricted key may not use the Keys resource, so a leaked key cannot delete
  // itself: the credential is required.
  selfRevocation: false,
  probeDescription: "`GET /2010-04-01/Accounts/{AccountSid}/Usage/Records.json?PageSize=1` with the leaked `SK\u2026:secret` must answer 401 after it answered 200 before the delete (a SID alone in `key-id`: the delete answers 204 and `GET \u2026/Keys/{Sid}.json` then answers 404)",
  ownsKeyFormat: (value) => VALUE.test(value),
  keyShapes: [/(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}:[A-Za-z0-9]{32}(?![A-Za-z0-9])/],
  checkId: (id) => KEY_SID.test(id) ? void 0 : "an API key SID: SK followed by 32 hexadecimal characters",
  checkValue: (value) => {
    if (/\s/.test(value))
      return "a Twilio API key on one line, without spaces (is it wrapped onto two lines?)";
    if (/^AC[0-9a-fA-F]{32}/.test(value))
      return "a Twilio API key (SK\u2026:secret); an account SID or auth token is not an API key, and this action does not rotate auth tokens";
    if (KEY_SID.test(value))
      return "a Twilio API key as `SK\u2026:secret`; this is its SID alone, which authenticates nothing: give it in `key-id` instead";
    return parseValue(value) ? void 0 : "a Twilio API key as `SK\u2026:secret` (its SID, SK and 32 hexadecimal characters, a colon and its secret)";
  },
  checkToken: (token) => parseCredential(token) ? void 0 : CREDENTIAL_FORM,
  // No number is published for the Keys resource: paced conservatively, at most 4 calls a
  // second with the management credential, 2 keys at once.
  limits: { concurrency: 2, minIntervalMs: { delete: 250, list: 250 } }
};

// build/providers/aws/facts.js
var ACCESS_KEY_ID = /^(?:AKIA|ASIA)[A-Z0-9]{16}$/;
var LONG_TERM_ID = /^AKIA[A-Z0-9]{16}$/;
var SECRET = /^[A-Za-z0-9/+]{40}$/;
var PAIR = /^((?:AKIA|ASIA)[A-Z0-9]{16}):([A-Za-z0-9/+]{40})$/;
function splitPair(value) {
  const colon = value.indexOf(":");
  if (colon < 0)
    return void 0;
  const id = value.slice(0, colon);
  const secret = value.slice(colon + 1);
  return /^[A-Z0-9]{16,128}$/.test(id) && secret.length > 0 ? { id, secret } : void 0;
}
function parseAdmin(token) {
  const [id = "", secret = "", sessionToken, ...rest2] = token.split(":");
  if (rest2.length > 0 || !ACCESS_KEY_ID.test(id) || !SECRET.test(secret))
    return void 0;
  if (sessionToken !== void 0 && !/^[A-Za-z0-9/+=]{16,8192}$/.test(sessionToken))
    return void 0;
  return sessionToken ? { id, secret, sessionToken } : { id, secret };
}
var CREDENTIAL_ENV = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN"
];
function credentialFromEnv(env) {
  const [id, secret, session] = CREDENTIAL_ENV.map((name) => (env[name] ?? "").trim());
  if (!id && !secret)
    return void 0;
  return [id, secret, ...session ? [session] : []].join(":");
}
var CREDENTIAL_HELP = "admin credentials of the key's account, as aws-actions/configure-aws-credentials sets them from a role, allowed iam:GetAccessKeyLastUsed, iam:ListAccessKeys, iam:UpdateAccessKey (iam:DeleteAccessKey with `aws-delete`) and sts:GetAccessKeyInfo (to rotate: iam:CreateAccessKey, iam:TagUser, iam:ListUserTags and iam:DeleteAccessKey)";
function pastedPairs(lines2) {
  const file = credentialsFile(lines2);
  if (file)
    return file;
  let changed = false;
  const out = lines2.map((line) => {
    const match = /^((?:AKIA|ASIA)[A-Z0-9]{16})(?:[ \t]+|[ \t]*:[ \t]*)([A-Za-z0-9/+]{40})$/.exec(line);
    if (!match)
      return line;
    const joined = `${match[1]}:${match[2]}`;
    changed ||= joined !== line;
    return joined;
  });
  return changed ? out : void 0;
}
var FILE_LINE = /^(aws_access_key_id|aws_secret_access_key|aws_session_token)[ \t]*=[ \t]*(\S+)$/i;
function credentialsFile(lines2) {
  if (!lines2.some((l) => FILE_LINE.test(l)))
    return void 0;
  const out = [];
  let id;
  let secret;
  const flush = () => {
    if (id !== void 0 || secret !== void 0)
      out.push(`${id ?? ""}:${secret ?? ""}`);
    id = secret = void 0;
  };
  for (const line of lines2) {
    if (/^\[[^\]]{1,128}\]$/.test(line)) {
      flush();
      continue;
    }
    const match = FILE_LINE.exec(line);
    if (!match)
      return void 0;
    const name = (match[1] ?? "").toLowerCase();
    const value = match[2] ?? "";
    if (name === "aws_access_key_id") {
      if (id !== void 0)
        flush();
      id = value;
    } else if (name === "aws_secret_access_key") {
      if (secret !== void 0)
        flush();
      secret = value;
    }
  }
  flush();
  return out;
}
function secretPieces(text) {
  return [
    ...text.matchAll(/(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])|aws_session_token[ \t]*=[ \t]*(\S+)/gi)
  ].flatMap((m) => m[1] ? [m[1]] : m[2] ? [m[2]] : []);
}
var TEMPORARY_HELP = "a temporary key (ASIA\u2026) is made by STS and ends on its own; UpdateAccessKey cannot deactivate it. Revoke the sessions of the role that issued it (IAM console: the role > Revoke active sessions, which denies every session issued before now), or wait for it to expire";
var awsFacts = {
  id: "aws",
  name: "AWS",
  aliases: ["amazon", "iam", "amazon-web-services"],
  alertNames: /\b(?:aws|amazon web services)\b/i,
  secretTypes: ["aws_access_key_id", "aws_secret_access_key", "aws_temporary_access_key_id"],
  defaultBaseUrl: "https://iam.amazonaws.com",
  serviceUrls: { sts: "https://sts.amazonaws.com" },
  inputs: { token: false, apiUrl: "input" },
  credentialEnv: CREDENTIAL_ENV,
  credentialFromEnv,
  flags: {
    "aws-delete": "'true' deletes each key after deactivating it (DeleteAccessKey): it cannot be undone. Default 'false': the key is only deactivated, which a person can undo."
  },
  pastedForms: pastedPairs,
  secretForms: secretPieces,
  fromAlert: (secretType, secret) => {
    if (secretType === "aws_access_key_id" && LONG_TERM_ID.test(secret))
      return { id: secret };
    if (secretType === "aws_temporary_access_key_id" || /^ASIA/.test(secret))
      return { outcome: "failed", left: `a temporary AWS key: ${TEMPORARY_HELP}` };
    if (secretType === "aws_secret_access_key")
      return {
        outcome: "skipped",
        left: "a secret access key alone names no key (no AWS API maps a secret to its id), so it is left open for a person. GitHub reports the pair as two alerts in the same file: the access key id alert (aws_access_key_id) is the one this action deactivates; close this one once that key is Inactive"
      };
    return PAIR.test(secret) ? { value: secret } : { outcome: "failed", left: "its secret is not an AWS access key id (AKIA\u2026)" };
  },
  // Where a person makes a replacement when the action cannot (a rotating run's report).
  keysPage: "the IAM console > Users > the key\u2019s user > Security credentials > Access keys",
  createCall: "`iam:CreateAccessKey` for the leaked key's user (at most two keys a user), marked by a `TagUser` tag keyed by the new key id",
  revocationWords: { done: "Deactivated", verb: "deactivate", noun: "deactivation" },
  restoreHelp: "an Inactive key is brought back with `aws iam update-access-key --status Active` (or the console); a deleted one (`aws-delete: true`) cannot be, so create a new key for its user",
  tokenHelp: CREDENTIAL_HELP,
  // A leaked key may not act on itself once AWS quarantines it (AWSCompromisedKeyQuarantineV2
  // denies iam:UpdateAccessKey), and a run never deactivates a key with the key itself.
  selfRevocation: false,
  probeDescription: "`sts:GetCallerIdentity` signed with the leaked pair must be refused (`InvalidClientTokenId`) after it answered before the deactivation; a key id alone in `key-id`: `iam:ListAccessKeys` for its user must then show it `Inactive` (or gone, with `aws-delete`)",
  ownsKeyFormat: (value) => PAIR.test(value),
  keyShapes: [/(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}:[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/],
  checkId: (id) => LONG_TERM_ID.test(id) ? void 0 : /^ASIA[A-Z0-9]{16}$/.test(id) ? `a long-term access key id (AKIA\u2026): ${TEMPORARY_HELP}` : "an access key id: AKIA followed by 16 upper-case letters or digits",
  checkValue: (value) => {
    const pair = PAIR.exec(value);
    if (pair?.[1]?.startsWith("ASIA"))
      return `a long-term key (AKIA\u2026): ${TEMPORARY_HELP}`;
    if (pair)
      return void 0;
    if (ACCESS_KEY_ID.test(value))
      return "an access key id with its secret access key; this is the id alone: give it in `key-id` instead";
    if (SECRET.test(value))
      return "an access key id with its secret access key; this is a secret access key alone, which names no key (no AWS API maps a secret to its id): give its access key id in `key-id`, or the two together";
    return "an access key id and its secret access key together (`AKIA\u2026 secret`, `AKIA\u2026:secret`, or the `aws_access_key_id =` and `aws_secret_access_key =` lines of a credentials file)";
  },
  checkToken: (token) => parseAdmin(token) ? void 0 : "AWS_ACCESS_KEY_ID (AKIA\u2026 or ASIA\u2026) and AWS_SECRET_ACCESS_KEY (40 characters), with AWS_SESSION_TOKEN for role credentials",
  // IAM publishes no rate (see above): 2 keys at once, at most 5 calls a second per run.
  limits: { concurrency: 2, minIntervalMs: { iam: 200, sts: 200 } }
};

// build/providers/google/sa-key.js
var KeyFile = looseObject({
  type: literal("service_account"),
  project_id: string2().check(_regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z0-9.:-]{1,100}$/)),
  private_key_id: string2().check(_regex(/^[0-9a-f]{40}$/)),
  private_key: string2().check(_regex(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n?$/)),
  client_email: string2().check(_regex(/^[a-z0-9][a-z0-9.-]{0,99}@[a-z0-9.-]{1,200}$/)),
  token_uri: optional(string2())
});
function readKeyFile(value) {
  const text = value.trim();
  if (text.length > 16384)
    return void 0;
  let json = text;
  if (!text.startsWith("{")) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
      return void 0;
    const bytes = Buffer.from(text, "base64");
    if (bytes.toString("base64") !== text)
      return void 0;
    json = bytes.toString("utf8");
    if (!json.trim().startsWith("{"))
      return void 0;
  }
  let raw;
  try {
    raw = JSON.parse(json);
  } catch {
    return void 0;
  }
  const parsed = KeyFile.safeParse(raw);
  if (!parsed.success)
    return void 0;
  const file = parsed.data;
  return {
    projectId: file.project_id,
    keyId: file.private_key_id,
    clientEmail: file.client_email,
    privateKey: file.private_key,
    json
  };
}
function secretForms(key) {
  const body = key.privateKey.replace(/-----(?:BEGIN|END) PRIVATE KEY-----/g, "").split("\n").filter((line) => line.length > 0);
  return [
    key.privateKey,
    key.privateKey.trim(),
    key.privateKey.replace(/\n/g, "\\n"),
    body.join(""),
    body.join("\n"),
    ...body
  ];
}
function keyName(key) {
  return `projects/${key.projectId}/serviceAccounts/${key.clientEmail}/keys/${key.keyId}`;
}

// build/providers/google/facts.js
var API_KEY = /^AIza[0-9A-Za-z_-]{35}$/;
var API_KEY_LENGTH = 39;
var API_KEY_NAME = /^projects\/([a-z0-9][a-z0-9-]{0,62})\/locations\/global\/keys\/([A-Za-z0-9-]{1,63})$/;
var SA_KEY_NAME = /^projects\/((?!-\/)[a-z0-9][a-z0-9.:-]{0,99})\/serviceAccounts\/([a-z0-9][a-z0-9.-]{0,99}@[a-z0-9.-]{1,200})\/keys\/([0-9a-f]{40})$/;
var TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
var OPERATION_NAME = /^operations\/[^/]{1,200}$/;
var googleFacts = {
  id: "google",
  name: "Google Cloud",
  aliases: ["gcp", "google-cloud"],
  // Only API keys: a name that also says service account, OAuth, storage or HMAC is a
  // credential this adapter does not revoke.
  // API keys and service account key files: a name that also says OAuth, storage, HMAC or
  // Gemini is a credential this adapter does not revoke.
  alertNames: /^(?!.*\b(?:oauth|client|storage|hmac|refresh|firebase|recaptcha|gemini|bound)\b).*\b(?:google|gcp)\b/i,
  secretTypes: ["google_api_key", "google_cloud_service_account_credentials"],
  defaultBaseUrl: "https://apikeys.googleapis.com",
  serviceUrls: { iam: "https://iam.googleapis.com", oauth2: "https://oauth2.googleapis.com" },
  tokenHelp: "a Google OAuth 2.0 access token allowed to manage the key in its project (`roles/serviceusage.apiKeysAdmin` for API keys, `roles/iam.serviceAccountKeyAdmin` for service account keys), for example from google-github-actions/auth with `token_format: access_token`",
  // Neither an API key nor a service account key may delete itself here: every call that
  // changes a key is made with `google-token`.
  selfRevocation: false,
  revocationWords: {
    done: "Deleted (a deleted API key stays restorable for 30 days with keys.undelete; a service account key is disabled first, then deleted)",
    verb: "delete",
    noun: "delete"
  },
  probeDescription: "API key: `keys.get` (`GET /v2/{name}`, with `google-token`) of the key `keys.lookupKey` names must show a `deleteTime`, after it showed none before the delete. Service account key: the JWT bearer token exchange (`POST /token`) signed with the leaked private key must be refused (`invalid_grant`) after it was accepted before",
  restoreHelp: "a deleted API key can be restored for 30 days: `POST /v2/{name}:undelete` (`gcloud services api-keys undelete`); a deleted service account key cannot be restored: create a new key for the account",
  ownsKeyFormat: (value) => API_KEY.test(value) || readKeyFile(value) !== void 0,
  takesLongValue: (value) => readKeyFile(value) !== void 0,
  secretForms: (value) => {
    const file = readKeyFile(value);
    return file ? secretForms(file) : [];
  },
  keyShapes: [
    /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/,
    // A private key block, in a file or JSON-escaped (`\n`), whoever's it is.
    /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]{0,6000}?-----END (?:RSA )?PRIVATE KEY-----/
  ],
  checkId: (id) => API_KEY_NAME.test(id) || SA_KEY_NAME.test(id) ? void 0 : "an API key resource name, `projects/<project number or id>/locations/global/keys/<key id>` (as `gcloud services api-keys list` shows it), or a service account key resource name, `projects/<project id>/serviceAccounts/<email>/keys/<private_key_id>` (the project named, not `-`)",
  checkValue: (value) => {
    const text = value.trim();
    if (text.startsWith("{") || /^ey[IJ]/.test(text) || /^ewo/.test(text))
      return readKeyFile(text) ? void 0 : "a service account key file: its JSON, or the JSON as base64 on one line (`base64 -w0 key.json`), with type service_account, project_id, private_key_id, private_key and client_email";
    if (/\s/.test(value))
      return "a Google API key on one line, without spaces (is it wrapped onto two lines?)";
    if (!value.startsWith("AIza"))
      return "a Google API key (`AIza` followed by 35 letters, digits, - or _) or a service account key file as base64 on one line";
    if (value.length !== API_KEY_LENGTH)
      return wholeKey(`a key of ${API_KEY_LENGTH} characters`, value.length, "its resource name");
    return API_KEY.test(value) ? void 0 : "a Google API key: `AIza` followed by 35 letters, digits, - or _";
  },
  // Google publishes no per-method figure for the API Keys and IAM APIs that this work could
  // read: paced conservatively, two at once and at most two calls a second with `google-token`,
  // every call on one budget.
  limits: { concurrency: 2, minIntervalMs: { call: 500 } }
};

// build/model.js
function alertKey(alert) {
  return `${alert.repository}#${alert.number}`;
}
function secretLabel(ref2) {
  return ref2.scope === "env" ? `env:${ref2.environment}/${ref2.name}` : `${ref2.scope}:${ref2.name}`;
}

// build/http/pacer.js
var Pacer = class {
  minIntervalMs;
  fromAnswer;
  #next = 0;
  #queue = Promise.resolve();
  #release;
  constructor(minIntervalMs, fromAnswer = false) {
    this.minIntervalMs = minIntervalMs;
    this.fromAnswer = fromAnswer;
  }
  /** Resolves when the caller may send; reserves that slot for it. Call `done()` after. */
  async wait(signal) {
    if (this.fromAnswer) {
      const previous = this.#queue;
      let release = () => void 0;
      this.#queue = new Promise((resolve) => release = resolve);
      await previous;
      this.#release = release;
    }
    const now = Date.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.minIntervalMs;
    await sleep(at - now, signal);
  }
  /** The call that waited got its answer, or failed: with `fromAnswer`, the next may go. */
  done() {
    if (!this.fromAnswer)
      return;
    this.#next = Math.max(this.#next, Date.now() + this.minIntervalMs);
    const release = this.#release;
    this.#release = void 0;
    release?.();
  }
};
var WindowPacer = class {
  budget;
  windowMs;
  /** The last `budget` reserved start times, in order. */
  #starts = [];
  constructor(budget, windowMs) {
    this.budget = budget;
    this.windowMs = windowMs;
  }
  async wait(signal) {
    const now = Date.now();
    const oldest = this.#starts.length >= this.budget ? this.#starts[0] : void 0;
    const at = oldest === void 0 ? now : Math.max(now, oldest + this.windowMs);
    this.#starts.push(at);
    if (this.#starts.length > this.budget)
      this.#starts.shift();
    await sleep(at - now, signal);
  }
  done() {
  }
};

// build/http/user-agent.js
var USER_AGENT = "revoke-leaked-keys/0.1 (+GitHub Action)";

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message4) {
  const cmd = new Command(command, properties, message4);
  process.stdout.write(cmd.toString() + os.EOL);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message4) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message4;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message4) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message4)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
import * as os4 from "os";

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a2) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell2) => {
        if (typeof cell2 === "string") {
          return this.wrap("td", cell2);
        }
        const { header, data, colspan, rowspan } = cell2;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/@actions/core/lib/platform.js
import os3 from "os";
var platform = os3.platform();
var arch = os3.arch();

// node_modules/@actions/core/lib/core.js
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message4) {
  process.exitCode = ExitCode.Failure;
  error2(message4);
}
function error2(message4, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message4 instanceof Error ? message4.toString() : message4);
}
function warning(message4, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message4 instanceof Error ? message4.toString() : message4);
}
function notice(message4, properties = {}) {
  issueCommand("notice", toCommandProperties(properties), message4 instanceof Error ? message4.toString() : message4);
}
function info(message4) {
  process.stdout.write(message4 + os4.EOL);
}

// build/lazy.js
function lazy(build) {
  let built;
  return () => (built ??= { value: build() }).value;
}

// build/github/read/context.js
import { readFileSync } from "node:fs";
var REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
function ownerRepo(repository) {
  const [owner = "", repo = ""] = repository.split("/");
  return { owner, repo };
}
function isRepository(value) {
  return REPOSITORY.test(value) && !value.split("/").some((part) => part === "." || part === "..");
}
function readContext(env = process.env) {
  const repository = env.GITHUB_REPOSITORY && isRepository(env.GITHUB_REPOSITORY) ? env.GITHUB_REPOSITORY : "";
  const [owner = "", repo = ""] = repository.split("/");
  let event = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
    } catch {
      event = {};
    }
  }
  return {
    repository,
    owner,
    repo,
    runId: _catch(string2().check(_regex(/^\d+$/)), "0").parse(env.GITHUB_RUN_ID ?? "0"),
    job: _catch(string2().check(_regex(/^[\w.-]{1,100}$/)), "job").parse(env.GITHUB_JOB ?? "job"),
    eventName: env.GITHUB_EVENT_NAME ?? "",
    event,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com"
  };
}
function runUrl(ctx) {
  return ctx.repository && ctx.runId !== "0" ? `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` : void 0;
}

// build/providers/registry.js
var PROVIDERS = {
  // generated: facts
  vastai: vastaiFacts,
  baseten: basetenFacts,
  braintrust: braintrustFacts,
  quiva: quivaFacts,
  cometapi: cometapiFacts,
  openai: openaiFacts,
  github: githubFacts,
  gitlab: gitlabFacts,
  slack: slackFacts,
  anthropic: anthropicFacts,
  fastly: fastlyFacts,
  buildkite: buildkiteFacts,
  vercel: vercelFacts,
  heroku: herokuFacts,
  huggingface: huggingfaceFacts,
  npm: npmFacts,
  cloudflare: cloudflareFacts,
  sendgrid: sendgridFacts,
  twilio: twilioFacts,
  aws: awsFacts,
  google: googleFacts
  // end generated: facts
};
var ADAPTERS = {
  // generated: adapters
  vastai: async () => (await import("./adapter-KU65BVOD.js")).vastai,
  baseten: async () => (await import("./adapter-3E6CYNEX.js")).baseten,
  braintrust: async () => (await import("./adapter-ACHBRI62.js")).braintrust,
  quiva: async () => (await import("./adapter-CGR62APZ.js")).quiva,
  cometapi: async () => (await import("./adapter-D5BOQIND.js")).cometapi,
  openai: async () => (await import("./adapter-JCRTCM2K.js")).openai,
  github: async () => (await import("./adapter-XC3XBOKU.js")).github,
  gitlab: async () => (await import("./adapter-F7APAGDX.js")).gitlab,
  slack: async () => (await import("./adapter-QMSQ2TQ6.js")).slack,
  anthropic: async () => (await import("./adapter-XNZTK5VC.js")).anthropic,
  fastly: async () => (await import("./adapter-SNWQ3YUN.js")).fastly,
  buildkite: async () => (await import("./adapter-IRYHGFO7.js")).buildkite,
  vercel: async () => (await import("./adapter-YAR5ELPF.js")).vercel,
  heroku: async () => (await import("./adapter-BBOMJJKR.js")).heroku,
  huggingface: async () => (await import("./adapter-NUJUH237.js")).huggingface,
  npm: async () => (await import("./adapter-RQWX34SA.js")).npm,
  cloudflare: async () => (await import("./adapter-PZCETRTP.js")).cloudflare,
  sendgrid: async () => (await import("./adapter-WVCEXP5V.js")).sendgrid,
  twilio: async () => (await import("./adapter-3NOQKY6P.js")).twilio,
  aws: async () => (await import("./adapter-YIHLOBGH.js")).aws,
  google: async () => (await import("./adapter-D4R2HHC3.js")).google
  // end generated: adapters
};
var loading = Promise.resolve();
function loadProvider(id) {
  const load = loading.then(() => ADAPTERS[id]());
  loading = load.catch(() => void 0);
  return load;
}
function findProvider(name) {
  const wanted = name.trim().toLowerCase();
  return Object.values(PROVIDERS).find((p) => p.id === wanted || p.aliases.includes(wanted));
}
function providerForSecretType(secretType, displayName, mapping) {
  const mapped = mapping.get(secretType) ?? mapping.get(displayName);
  if (mapped)
    return mapped;
  const native = Object.values(PROVIDERS).find((p) => p.secretTypes?.includes(secretType));
  if (native)
    return native.id;
  const text = `${secretType} ${displayName}`.replace(/_/g, " ");
  const named = Object.values(PROVIDERS).filter((p) => p.alertNames.test(text));
  return named.length === 1 ? named[0]?.id : void 0;
}
function providerForValue(value) {
  const owners = Object.values(PROVIDERS).filter((p) => p.ownsKeyFormat?.(value));
  return owners.length === 1 ? owners[0] : void 0;
}
function takesLongValue(value) {
  return Object.values(PROVIDERS).some((p) => p.takesLongValue?.(value));
}
function secretFormsOf(value) {
  return Object.values(PROVIDERS).flatMap((p) => p.secretForms?.(value) ?? []);
}
function tokenInput(provider) {
  return provider.inputs?.token === false ? void 0 : `${provider.id}-token`;
}
function apiUrlInput(provider) {
  return provider.inputs?.apiUrl === "GITHUB_API_URL" ? void 0 : `${provider.id}-api-url`;
}
function keyShapes() {
  return Object.values(PROVIDERS).flatMap((p) => [...p.keyShapes]);
}
function withArticle(name) {
  return `${/^[AEIOU]/i.test(name) ? "an" : "a"} ${name}`;
}

// build/github/read/alerts.js
var AlertBody = lazy(() => object({
  number: int().check(_positive()),
  html_url: _default(optional(string2()), ""),
  state: string2(),
  secret_type: nullish2(string2()),
  secret_type_display_name: nullish2(string2()),
  secret: nullish2(string2()),
  repository: nullish2(object({ full_name: string2() }))
}));
var MAX_ALERT_PAGES = 1e3;
function interner() {
  const seen = /* @__PURE__ */ new Map();
  return (text) => {
    const known = seen.get(text);
    if (known !== void 0)
      return known;
    seen.set(text, text);
    return text;
  };
}
var AlertsAccessError = class extends Error {
  constructor(status, what) {
    super(`GitHub answered ${status} to ${what}: the token cannot see secret scanning alerts there. The workflow's GITHUB_TOKEN never can: create a fine-grained personal access token or GitHub App installation token with the "Secret scanning alerts" permission (read and write) on the repositories (or organization), store it as a secret, and pass it as \`alerts-token\`.`);
    this.name = "AlertsAccessError";
  }
};
function toAlert(raw, repository, redactor, same = (text) => text) {
  const parsed = AlertBody().safeParse(raw);
  if (!parsed.success)
    return void 0;
  const body = parsed.data;
  const repo = body.repository?.full_name ?? repository;
  if (!repo || !isRepository(repo))
    return void 0;
  if (body.secret)
    for (const form of [body.secret, ...secretFormsOf(body.secret)])
      redactor.add(form);
  return {
    repository: same(repo),
    number: body.number,
    url: body.html_url,
    state: same(body.state),
    secretType: same(body.secret_type ?? ""),
    displayName: same(body.secret_type_display_name ?? ""),
    ...body.secret ? { secret: body.secret } : {}
  };
}
async function guarded(what, call) {
  try {
    return await call();
  } catch (error3) {
    if (error3 instanceof GitHubApiError && !error3.rateLimited && (error3.status === 403 || error3.status === 404))
      throw new AlertsAccessError(error3.status, what);
    throw error3;
  }
}
async function getAlert(gh, repository, number4, redactor) {
  const route = "GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}";
  const { data } = await guarded(`GET /repos/${repository}/secret-scanning/alerts/${number4}`, () => gh.request(route, { ...ownerRepo(repository), alert_number: number4 }));
  const alert = toAlert(data, repository, redactor);
  if (!alert)
    throw new Error(`GitHub GET /repos/${repository}/secret-scanning/alerts/${number4}: the answer is not a secret scanning alert`);
  return alert;
}
async function collectAlerts(gh, source, redactor) {
  if (source.kind === "one")
    return {
      alerts: [await getAlert(gh, source.repository, source.number, redactor)],
      unreadable: 0,
      more: false
    };
  const repository = source.scope === "repo" ? source.repository : void 0;
  const pages = source.scope === "org" ? gh.paginate.iterator("GET /orgs/{org}/secret-scanning/alerts", {
    org: source.org,
    state: "open",
    per_page: 100
  }) : gh.paginate.iterator("GET /repos/{owner}/{repo}/secret-scanning/alerts", {
    ...ownerRepo(source.repository),
    state: "open",
    per_page: 100
  });
  const where = source.scope === "org" ? `GET /orgs/${source.org}/secret-scanning/alerts` : `GET /repos/${source.repository}/secret-scanning/alerts`;
  const alerts = [];
  let unreadable = 0;
  const same = interner();
  const complete = await guarded(where, async () => {
    let read = 0;
    for await (const page of pages) {
      if (++read > MAX_ALERT_PAGES)
        return false;
      const items = page.data;
      if (!Array.isArray(items))
        throw new GitHubApiError(page.status, where, `GitHub ${where}: the answer is not a list`);
      for (const raw of items) {
        const alert = toAlert(raw, repository, redactor, same);
        if (alert)
          alerts.push(alert);
        else
          unreadable++;
      }
    }
    return true;
  });
  const limiter = new Limiter(GITHUB_CONCURRENCY);
  await Promise.all(alerts.map((alert, i) => alert.secret === void 0 && alert.state === "open" ? limiter.run(async () => {
    alerts[i] = await getAlert(gh, alert.repository, alert.number, redactor);
  }) : void 0));
  return { alerts, unreadable, more: !complete };
}
async function resolveAlert(gh, alert, comment) {
  await guarded(`PATCH /repos/${alert.repository}/secret-scanning/alerts/${alert.number}`, () => gh.request("PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}", {
    ...ownerRepo(alert.repository),
    alert_number: alert.number,
    state: "resolved",
    resolution: "revoked",
    resolution_comment: comment.slice(0, 250)
  }));
}

// build/providers/types.js
var PROVIDER_IDS = [
  // generated: provider-ids
  "vastai",
  "baseten",
  "braintrust",
  "quiva",
  "cometapi",
  "openai",
  "github",
  "gitlab",
  "slack",
  "anthropic",
  "fastly",
  "buildkite",
  "vercel",
  "heroku",
  "huggingface",
  "npm",
  "cloudflare",
  "sendgrid",
  "twilio",
  "aws",
  "google"
  // end generated: provider-ids
];

// build/github/read/issue-threads.js
var User = lazy(() => looseObject({ login: string2(), type: _default(optional(string2()), "") }));
var Comment = lazy(() => looseObject({
  id: number2(),
  body: nullish2(string2()),
  html_url: _default(optional(string2()), ""),
  user: nullish2(User())
}));
var Issue = lazy(() => looseObject({
  number: number2(),
  body: nullish2(string2()),
  html_url: _default(optional(string2()), "")
}));
async function listComments(gh, repository, issue3, page) {
  const { data } = await gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...ownerRepo(repository),
    issue_number: issue3,
    per_page: 100,
    page
  });
  return array(Comment()).parse(data);
}
var MAX_ISSUE_PAGES = 10;
async function issuesWithMarker(gh, repository, marker) {
  for (let page = 1; page <= MAX_ISSUE_PAGES; page++) {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/issues", {
      ...ownerRepo(repository),
      state: "open",
      per_page: 100,
      page
    });
    const issues = array(Issue()).parse(data);
    const mine = issues.filter((i) => i.body?.includes(marker));
    if (mine.length > 0)
      return mine.map((i) => ({ number: i.number, url: i.html_url })).sort((a, b) => a.number - b.number);
    if (issues.length < 100)
      break;
  }
  return [];
}
var STANDING_MARKER = "<!-- revoke-leaked-keys needs-a-person -->";
async function standingIssue(gh, repository) {
  const [oldest] = await issuesWithMarker(gh, repository, STANDING_MARKER);
  return oldest?.number;
}

// build/github/read/evidence.js
var MAX_PAGES = 30;
var RECORD_START = "<!-- revoke-leaked-keys revoked ";
var RECORD = /<!-- revoke-leaked-keys revoked run:(\d{1,20}) provider:([a-z]{1,20}) key:(sha256:[0-9a-f]{12}) alert:([^\s#]{3,201})#(\d{1,10}) -->/g;
function evidenceMarker(runId, provider, keyRef, alert) {
  return `${RECORD_START}run:${runId} provider:${provider} key:${keyRef} alert:${alertKey(alert)} -->`;
}
function parseEvidence(text) {
  const records = [];
  for (const m of text.matchAll(RECORD)) {
    const [, runId = "", provider = "", keyRef = "", repository = "", number4 = ""] = m;
    if (!PROVIDER_IDS.includes(provider) || !isRepository(repository))
      continue;
    records.push({
      runId,
      provider,
      keyRef,
      alert: `${repository}#${Number(number4)}`
    });
  }
  return records;
}
var NO_EVIDENCE = { find: () => void 0, size: 0 };
var Me = lazy(() => looseObject({ login: string2().check(_minLength(1)) }));
async function ownAuthors(gh) {
  try {
    const { data } = await gh.request("GET /user");
    const me = Me().parse(data).login.toLowerCase();
    return (author) => author?.login.toLowerCase() === me;
  } catch (error3) {
    if (error3 instanceof GitHubApiError && error3.status === 403)
      return (author) => author?.type === "Bot";
    throw error3;
  }
}
async function readEvidence(gh, repository, issueNumber, runUrl2) {
  const issue3 = issueNumber ?? await standingIssue(gh, repository);
  if (issue3 === void 0)
    return { book: NO_EVIDENCE, ignored: 0 };
  const found = /* @__PURE__ */ new Map();
  let trusts;
  let ignored = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await listComments(gh, repository, issue3, page);
    for (const c of comments) {
      if (!c.body?.includes(RECORD_START))
        continue;
      trusts ??= await ownAuthors(gh);
      if (!trusts(c.user)) {
        ignored++;
        continue;
      }
      for (const record2 of parseEvidence(c.body)) {
        const key = `${record2.provider}\0${record2.keyRef}`;
        if (found.has(key))
          continue;
        const url = runUrl2(record2.runId);
        found.set(key, {
          runId: record2.runId,
          ...url ? { runUrl: url } : {},
          ...c.html_url ? { evidenceUrl: c.html_url } : {}
        });
      }
    }
    if (comments.length < 100)
      break;
  }
  return {
    book: {
      find: (provider, keyRef) => found.get(`${provider}\0${keyRef}`),
      size: found.size
    },
    issue: issue3,
    ignored
  };
}

// build/github/publish/comments.js
import { createHash as createHash3 } from "node:crypto";
function commentMarker(runId, job, leg) {
  return `<!-- revoke-leaked-keys run:${runId} job:${job} leg:${leg} -->`;
}
function reportLeg(settings) {
  if (settings.reportKey)
    return settings.reportKey;
  const { alerts } = settings;
  const identity = {
    keys: settings.keys.map((k) => [k.provider, k.id ?? "", k.value ? fingerprint(k.value) : ""]),
    sweep: alerts.sweep ? [alerts.scope, alerts.org ?? ""] : null,
    alert: alerts.alertNumber ?? null,
    urls: PROVIDER_IDS.filter((id) => settings.baseUrls[id].href !== new URL(PROVIDERS[id].defaultBaseUrl).href).map((id) => `${id}=${settings.baseUrls[id].href}`),
    types: [...alerts.secretTypes].sort(),
    dryRun: settings.dryRun
  };
  const hash = createHash3("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 12);
  const providers = [...new Set(settings.keys.map((k) => k.provider))].sort().join("+");
  const what = providers || (alerts.sweep ? "sweep" : alerts.alertNumber !== void 0 ? "alert" : "alerts");
  return `${what}-${hash}`;
}
function commentFailureHint(error3) {
  if (error3 instanceof GitHubApiError) {
    if (error3.status === 401)
      return "GitHub did not accept `github-token` (expired or not a token): pass a valid one.";
    if (error3.status === 403 || error3.status === 404)
      return 'The token needs "Issues: write" (or "Pull requests: write") on this repository, and the issue or pull request must exist.';
    return `That is a fault on GitHub's side (HTTP ${error3.status}), not a missing permission. ${AFTER_A_FAULT}`;
  }
  if (error3 instanceof TransportError)
    return `GitHub could not be reached in time: not a permission problem. ${AFTER_A_FAULT}`;
  return AFTER_A_FAULT;
}
var AFTER_A_FAULT = "The revocation is not affected; the job summary and `report-file` have the report: copy it into the issue, or re-run the job to post it (a re-run reports the keys this run deleted as not found).";
var MAX_BODY = 65e3;
var MAX_PAGES2 = 30;
async function upsertComment(api, where, marker, report2) {
  let body = `${marker}
${report2}`;
  if (body.length > MAX_BODY)
    body = `${body.slice(0, MAX_BODY)}

_(report cut to fit a comment; every key is in the run's \`report-file\`)_`;
  const { repository, issueNumber } = where;
  for (let page = 1; page <= MAX_PAGES2; page++) {
    const comments = await api.listComments(repository, issueNumber, page);
    const mine = comments.find((c) => c.body?.includes(marker));
    if (mine) {
      const res2 = await api.updateComment(repository, mine.id, body);
      return { id: res2.id, url: res2.html_url, updated: true };
    }
    if (comments.length < 100)
      break;
  }
  const res = await api.createComment(repository, issueNumber, body);
  return { id: res.id, url: res.html_url, updated: false };
}
async function postOnce(api, where, notes) {
  const { repository, issueNumber } = where;
  const seen = /* @__PURE__ */ new Set();
  for (let page = 1; page <= MAX_PAGES2; page++) {
    const comments = await api.listComments(repository, issueNumber, page);
    for (const c of comments)
      for (const note of notes)
        if (c.body?.includes(note.marker))
          seen.add(note.marker);
    if (comments.length < 100)
      break;
  }
  let posted = 0;
  for (const note of notes) {
    if (seen.has(note.marker))
      continue;
    await api.createComment(repository, issueNumber, `${note.marker}
${note.body}`.slice(0, MAX_BODY));
    seen.add(note.marker);
    posted++;
  }
  return { posted, already: notes.length - posted };
}

// build/github/publish/issues.js
function commentsApi(gh) {
  return {
    listComments: (repository, issue3, page) => listComments(gh, repository, issue3, page),
    async createComment(repository, issue3, body) {
      const { data } = await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        ...ownerRepo(repository),
        issue_number: issue3,
        body
      });
      return Comment().parse(data);
    },
    async updateComment(repository, id, body) {
      const { data } = await gh.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        ...ownerRepo(repository),
        comment_id: id,
        body
      });
      return Comment().parse(data);
    }
  };
}
var MAX_COMMENT_PAGES = 30;
var OURS = "<!-- revoke-leaked-keys ";
async function trackingIssue(gh, repository, marker, title, body) {
  const [found] = await issuesWithMarker(gh, repository, marker);
  if (found)
    return { ...found, created: false };
  const { data } = await gh.request("POST /repos/{owner}/{repo}/issues", {
    ...ownerRepo(repository),
    title,
    body: `${marker}
${body}`
  });
  const opened = Issue().parse(data);
  const [oldest] = await issuesWithMarker(gh, repository, marker);
  if (!oldest || oldest.number >= opened.number)
    return { number: opened.number, url: opened.html_url, created: true };
  try {
    await closeAsDuplicate(gh, repository, opened.number, oldest.number);
  } catch (error3) {
    warning(`Could not close tracking issue #${opened.number} as a duplicate of #${oldest.number}: ${error3 instanceof Error ? error3.message : String(error3)}`);
  }
  return { ...oldest, created: false };
}
async function closeAsDuplicate(gh, repository, duplicate, kept) {
  const api = commentsApi(gh);
  const all = async (issue3) => {
    const comments = [];
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      const batch = await api.listComments(repository, issue3, page);
      comments.push(...batch);
      if (batch.length < 100)
        break;
    }
    return comments;
  };
  const moving = (await all(duplicate)).filter((c) => c.body?.startsWith(OURS));
  if (moving.length > 0) {
    const markerOf = (text) => text.slice(0, text.indexOf("-->") + 3);
    const there = new Set((await all(kept)).map((c) => markerOf(c.body ?? "")));
    for (const c of moving)
      if (!there.has(markerOf(c.body ?? "")))
        await api.createComment(repository, kept, c.body ?? "");
  }
  await api.createComment(repository, duplicate, `Duplicate of #${kept}: the report is there.`);
  await gh.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
    ...ownerRepo(repository),
    issue_number: duplicate,
    state: "closed",
    state_reason: "duplicate"
  });
}

// build/github/publish/alert-notes.js
function alertNoteMarker(repository, number4) {
  return `<!-- revoke-leaked-keys not-found alert:${repository}#${number4} -->`;
}
function notFoundNotes(results, runUrl2) {
  const notes = [];
  for (const r of results) {
    if (r.outcome !== "not-found" || !r.provider)
      continue;
    const name = PROVIDERS[r.provider].name;
    for (const a of r.alerts ?? []) {
      if (a.resolved)
        continue;
      const link = /^https?:\/\/[^\s()<>]+$/.test(a.url) ? a.url : `${a.repository}#${a.number}`;
      notes.push({
        marker: alertNoteMarker(a.repository, a.number),
        body: [
          `### \u26A0\uFE0F Secret scanning alert ${a.repository}#${a.number}: key NOT FOUND, nothing deleted`,
          "",
          `${name} has no live key with the value this alert holds (\`${r.keyRef}\`): it was revoked before, or the alert holds no whole key (a custom pattern that captures too little, a typo).`,
          "",
          `**Next:** open the alert (${link}) and look at the leaked text. If the key there is longer than the alert's secret, fix the custom pattern and revoke the key in the ${name} console now. If the key was revoked before, close the alert as "Revoked". The action leaves it open and will not note it again.`,
          ...runUrl2 ? ["", `Found by [this run](${runUrl2}).`] : []
        ].join("\n")
      });
    }
  }
  return notes;
}
async function postAlertNotes(gh, repository, issueNumber, notes) {
  const issue3 = issueNumber ?? (await trackingIssue(gh, repository, STANDING_MARKER, "Secret scanning alerts that need a person (revoke-leaked-keys)", "revoke-leaked-keys found no live key for the alerts noted below, so it deleted nothing and left them open. Each needs a person: see the note for what to check.")).number;
  const done = await postOnce(commentsApi(gh), { repository, issueNumber: issue3 }, notes);
  return { issue: issue3, ...done };
}

// build/github/publish/evidence-notes.js
import { createHash as createHash4 } from "node:crypto";
var LINES_PER_COMMENT_CHARS = 5e4;
function evidenceNotes(results, unresolved, run2) {
  const lines2 = [];
  for (const r of results) {
    if (r.outcome !== "revoked" || r.verified !== true || !r.provider)
      continue;
    if (!r.keyRef.startsWith("sha256:"))
      continue;
    for (const a of r.alerts ?? []) {
      if (a.resolved || !unresolved.has(alertKey(a)))
        continue;
      lines2.push(`- \`${alertKey(a)}\`: ${PROVIDERS[r.provider].name} key \`${r.keyRef}\` ${evidenceMarker(run2.id, r.provider, r.keyRef, a)}`);
    }
  }
  const parts = [];
  let size = Infinity;
  for (const line of lines2) {
    if (size + line.length + 1 > LINES_PER_COMMENT_CHARS) {
      parts.push([]);
      size = 0;
    }
    parts[parts.length - 1]?.push(line);
    size += line.length + 1;
  }
  const runLink = run2.url ? `[Workflow run ${run2.id}](${run2.url})` : `Workflow run ${run2.id}`;
  return parts.map((part) => {
    const set = createHash4("sha256").update(part.join("\n")).digest("hex").slice(0, 12);
    return {
      marker: `<!-- revoke-leaked-keys evidence run:${run2.id} set:${set} -->`,
      body: [
        `### \u{1F511} Revoked and proven dead, but the alert is still open: ${part.length} alert(s)`,
        "",
        `${runLink} revoked the key of each alert below and saw it die (it worked before the delete and was refused after), but GitHub did not take the alert's resolution.`,
        "",
        `**Next:** nothing, if a sweep runs again: it resolves each alert as revoked once the provider refuses the key again, citing this run. Or close the alerts by hand as "Revoked".`,
        "",
        ...part,
        "",
        "_The hidden line markers are the evidence the next sweep reads. It trusts them only in comments written by this action's token, and only for a key the provider refuses when asked again._"
      ].join("\n"),
      alerts: part.length
    };
  });
}

// build/github/publish/post-report.js
var message = (error3) => error3 instanceof Error ? error3.message : String(error3);
async function postReport(settings, ctx, gh, status, report2) {
  const wantsIssue = settings.issueNumber === void 0 && settings.createIssue && status !== "none";
  if (settings.issueNumber === void 0 && !wantsIssue)
    return;
  const client = await gh();
  if (!client || !ctx.repository) {
    warning("No report comment posted: it needs `github-token` and GITHUB_REPOSITORY.");
    return;
  }
  try {
    let issue3 = settings.issueNumber;
    if (issue3 === void 0) {
      const tracked = await trackingIssue(client, ctx.repository, `<!-- revoke-leaked-keys tracking run:${ctx.runId} -->`, "Leaked API keys revoked by revoke-leaked-keys", `Tracking issue for [workflow run ${ctx.runId}](${runUrl(ctx) ?? ""}): the report is in the comment below.`);
      issue3 = tracked.number;
      info(`${tracked.created ? "Opened" : "Found"} tracking issue #${issue3}`);
    }
    const posted = await upsertComment(commentsApi(client), { repository: ctx.repository, issueNumber: issue3 }, commentMarker(ctx.runId, ctx.job, reportLeg(settings)), report2);
    info(`${posted.updated ? "Updated" : "Posted"} the report comment: ${posted.url}`);
  } catch (error3) {
    warning(`Could not post the report comment: ${message(error3)}. ${commentFailureHint(error3)}`);
  }
}
async function noteNotFoundAlerts(settings, ctx, gh, results) {
  const notes = notFoundNotes(results, runUrl(ctx));
  if (notes.length === 0)
    return;
  await postNotes(settings, ctx, gh, notes, {
    nowhere: `${notes.length} alert(s) are left open: their key was not found (see the summary). Set \`create-issue: true\` or \`issue-number\` to have each noted once in an issue.`,
    posted: (done) => `Noted ${done.posted} not-found alert(s) in issue #${done.issue} (${done.already} noted before).`,
    failed: (why) => `Could not note the not-found alerts in an issue: ${why}`
  });
}
async function keepEvidence(settings, ctx, gh, results, unresolved) {
  if (unresolved.size === 0)
    return;
  const notes = evidenceNotes(results, unresolved, { id: ctx.runId, url: runUrl(ctx) });
  if (notes.length === 0)
    return;
  const alerts = notes.reduce((n, note) => n + note.alerts, 0);
  const byHand = `close them by hand as "Revoked" (their keys are dead: see the summary)`;
  await postNotes(settings, ctx, gh, notes, {
    nowhere: `${alerts} alert(s) of keys this run revoked could not be resolved, and no evidence is kept: the next sweep will find their keys refused and report them not found. Set \`create-issue: true\` or \`issue-number\` to keep it (the next sweep then resolves them), or ${byHand}.`,
    posted: (done) => `Kept evidence of ${alerts} alert(s) whose keys this run revoked but whose resolution failed, in issue #${done.issue}: the next sweep resolves them as revoked.`,
    failed: (why) => `Could not keep the evidence of ${alerts} revoked key(s) whose alerts are still open: ${why}. The next sweep will report them not found: ${byHand}.`
  });
}
async function postNotes(settings, ctx, gh, notes, say) {
  if (settings.dryRun)
    return;
  if (settings.issueNumber === void 0 && !settings.createIssue) {
    warning(say.nowhere);
    return;
  }
  const client = await gh();
  if (!client || !ctx.repository)
    return;
  try {
    info(say.posted(await postAlertNotes(client, ctx.repository, settings.issueNumber, notes)));
  } catch (error3) {
    warning(say.failed(message(error3)));
  }
}

// build/github/read/relayed-alert.js
var WebhookBody = lazy(() => looseObject({
  alert: looseObject({ number: int().check(_positive()) }),
  repository: optional(looseObject({ full_name: string2() }))
}));
var ShortBody = lazy(() => looseObject({
  alert_number: union([
    int().check(_positive()),
    pipe(string2().check(_regex(/^[1-9]\d{0,9}$/)), transform(Number))
  ]),
  repository: optional(union([string2(), looseObject({ full_name: string2() })]))
}));
var RELAY_PAYLOADS = 'the secret_scanning_alert webhook body as the relay received it ({"action": "created", "alert": {"number": 7, ...}, "repository": {"full_name": "owner/name"}, ...}), or {"alert_number": 7, "repository": "owner/name"}';
function relayedAlert(eventName, event, defaultRepository) {
  if (eventName !== "repository_dispatch")
    return void 0;
  const payload = event?.client_payload;
  if (!payload || typeof payload !== "object" || !("alert" in payload || "alert_number" in payload))
    return void 0;
  const webhook = WebhookBody().safeParse(payload);
  const short = ShortBody().safeParse(payload);
  let number4;
  let named;
  if (webhook.success) {
    number4 = webhook.data.alert.number;
    named = webhook.data.repository;
  } else if (short.success) {
    number4 = short.data.alert_number;
    named = short.data.repository;
  } else {
    return {
      error: `The repository_dispatch client_payload names an alert, but not in a form the action reads. Expected client_payload: ${RELAY_PAYLOADS}.`
    };
  }
  const repo = typeof named === "string" ? named : named?.full_name ?? defaultRepository;
  if (!isRepository(repo))
    return {
      error: "The repository_dispatch client_payload names no valid repository (expected owner/name)."
    };
  return { repository: repo, number: number4 };
}

// build/http/url-policy.js
function checkBaseUrl(raw) {
  let url;
  try {
    url = new URL(raw.trim());
  } catch {
    return { error: "is not an absolute URL" };
  }
  if (url.username || url.password)
    return { error: "must not contain credentials" };
  if (url.search || url.hash)
    return { error: "must not contain a query or fragment" };
  if (url.protocol === "https:")
    return { url };
  if (url.protocol === "http:" && isLoopback(url.hostname))
    return { url };
  if (url.protocol === "http:") {
    return { error: "must use https (plain http is allowed only to 127.0.0.0/8, ::1 or localhost)" };
  }
  return { error: `uses ${url.protocol.replace(":", "")}; expected https` };
}
function isLoopback(hostname) {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host === "::1")
    return true;
  const parts = host.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

// build/revoke/result.js
var NEEDS_A_PERSON = ["failed", "not-found", "submitted"];
function runStatus(results, dryRun) {
  const counted = results.filter((r) => r.outcome !== "skipped");
  const leftOpen = results.some((r) => r.outcome === "skipped" && needsAPerson(r));
  if (counted.length === 0)
    return leftOpen ? "partial" : "none";
  if (dryRun || counted.every((r) => r.outcome === "dry-run"))
    return "dry-run";
  const done = counted.filter(isDone).length;
  const submitted2 = counted.filter((r) => r.outcome === "submitted").length;
  const alertsLeft = counted.filter((r) => r.outcome === "revoked-earlier" && !isDone(r)).length;
  if (done === counted.length)
    return leftOpen ? "partial" : "revoked";
  if (done + submitted2 === counted.length)
    return leftOpen ? "partial" : "submitted";
  if (done + submitted2 + alertsLeft > 0)
    return "partial";
  return counted.some((r) => r.outcome === "failed") ? "failed" : "not-found";
}
function isRevoked(result) {
  return result.outcome === "revoked";
}
function isDone(result) {
  if (result.outcome === "revoked")
    return true;
  return result.outcome === "revoked-earlier" && (result.alerts ?? []).every((a) => a.resolved);
}
function needsAPerson(result) {
  return NEEDS_A_PERSON.includes(result.outcome) || result.reason === "unmapped" || result.outcome === "skipped" && result.reason === "unresolvable" || result.outcome === "revoked-earlier" && !isDone(result);
}

// build/report/size-limits.js
var utf8Bytes = (text) => Buffer.byteLength(text, "utf8");
var utf16Units = (text) => text.length;
var GITHUB = {
  /** A step's job summary: 1,024 KiB of UTF-8; GitHub shows none of a larger one. */
  summaryBytes: 1024 * 1024,
  /** An issue or pull request comment: 65,536 characters. */
  commentChars: 65536,
  /** All outputs of a job together: 1 MB, sized as UTF-16 (2 bytes a code unit). */
  jobOutputsBytes: 1e6
};
var BUDGET = {
  /**
   * The summary: 1,000 KiB, leaving 24 KiB of GitHub's 1,024 for the line end the toolkit adds
   * and for anything else the step writes to the same file.
   */
  summary: { max: 1e3 * 1024, measure: utf8Bytes },
  /**
   * The comment: 64,000 characters, leaving room for the hidden marker line that finds it
   * again on a re-run, and staying under the 65,000 at which the comment writer cuts blindly.
   */
  comment: { max: 64e3, measure: utf16Units },
  /**
   * The `result` output: 512 KiB as UTF-16 (262,144 code units), about half of the job's 1 MB.
   * The other half is left to this action's other outputs (a few hundred bytes) and to other
   * steps of the same job, whose outputs count against the same megabyte.
   */
  result: { max: 512 * 1024, measure: (text) => 2 * text.length }
};
function fit(render, redact, limit) {
  let max = limit.max;
  for (let attempt = 0; attempt < 4; attempt++) {
    const text = redact(render(max));
    const size = limit.measure(text);
    if (size <= limit.max)
      return text;
    max -= size - limit.max + 1024;
  }
  return redact(render(0));
}

// build/report/outputs.js
var DEFAULT_OUTPUTS = {
  status: "none",
  revoked: "0",
  failed: "0",
  "not-found": "0",
  result: "[]",
  "report-file": ""
};
function resultEntry(r) {
  const entry = {
    provider: r.provider,
    keyRef: r.keyRef,
    outcome: r.outcome,
    verified: r.verified,
    httpStatus: r.httpStatus,
    attempts: r.attempts
  };
  if (r.reason)
    entry.reason = r.reason;
  if (r.message)
    entry.message = r.message;
  entry.durationMs = r.durationMs;
  if (r.collateral)
    entry.collateral = r.collateral;
  if (r.earlier)
    entry.earlier = r.earlier;
  if (r.rotation)
    entry.rotation = r.rotation;
  const [first] = r.alerts ?? [];
  if (first) {
    entry.alertNumber = first.number;
    entry.alertUrl = first.url;
    entry.repository = first.repository;
    entry.alerts = r.alerts;
  }
  return entry;
}
function cutMarker(results, listed2, reportFile, needed) {
  const omitted = {};
  const shown = new Set(listed2);
  for (const r of results)
    if (!shown.has(r))
      omitted[r.outcome] = (omitted[r.outcome] ?? 0) + 1;
  const which = listed2.length === needed ? `only the ${needed} key(s) that need a person (failed, not-found, submitted or left open)` : `only ${listed2.length} of the ${needed} keys that need a person (failed, not-found, submitted or left open): even those did not all fit`;
  const where = reportFile ? `every key is in the report file ${reportFile} (the report-file output)` : "the report file could not be written";
  return {
    truncated: true,
    keys: results.length,
    listed: listed2.length,
    omitted,
    reportFile: reportFile ?? "",
    note: `result was cut to stay under GitHub's limit on outputs: it lists ${which}; ${where}.`
  };
}
function renderResult(results, options) {
  const redact = options.redact ?? ((text) => text);
  const { max, measure } = options.limit ?? BUDGET.result;
  const json = (r) => redact(JSON.stringify(resultEntry(r)));
  let size = measure("[]");
  const whole = [];
  for (const r of results) {
    const entry = json(r);
    size += measure(entry) + measure(",");
    if (size > max)
      break;
    whole.push(entry);
  }
  if (whole.length === results.length)
    return `[${whole.join(",")}]`;
  const needing = results.filter(needsAPerson);
  let room = max - measure("[]") - measure(redact(JSON.stringify(cutMarker(results, [], options.reportFile, results.length)))) - 2 * measure(",");
  const listed2 = [];
  const parts = [];
  for (const r of needing) {
    const entry = json(r);
    const cost = measure(entry) + measure(",");
    if (cost > room)
      break;
    listed2.push(r);
    parts.push(entry);
    room -= cost;
  }
  parts.push(redact(JSON.stringify(cutMarker(results, listed2, options.reportFile, needing.length))));
  return `[${parts.join(",")}]`;
}
function renderOutputs(status, results, options = {}) {
  return {
    status,
    revoked: String(results.filter((r) => r.outcome === "revoked").length),
    failed: String(results.filter((r) => r.outcome === "failed").length),
    "not-found": String(results.filter((r) => r.outcome === "not-found").length),
    result: renderResult(results, options),
    "report-file": options.reportFile ?? ""
  };
}

// build/report/markdown.js
import { basename } from "node:path";

// build/rotate/report.js
var LABEL = {
  rotated: "\u2705 replaced",
  "replaced-earlier": "\u2705 replaced by an earlier run",
  failed: "\u{1F7E5} NO REPLACEMENT",
  "no-create-call": "\u{1F7E5} NO REPLACEMENT (no create call)",
  "not-attempted": "\u{1F7E5} NO REPLACEMENT"
};
var MAX_ROWS = 50;
var cell = (text) => text.replace(/\r?\n/g, " ").replace(/[|<>`\\]/g, (c) => `\\${c}`).replace(/@/g, "&#64;");
function leaked(r) {
  if (r.outcome === "revoked" || r.outcome === "revoked-earlier")
    return "revoked";
  if (r.outcome === "submitted")
    return "revocation sent, not proven";
  return "NOT revoked";
}
function rotationLines(results) {
  const rotated = results.filter((r) => r.rotation);
  if (rotated.length === 0)
    return [];
  const rows = rotated.slice(0, MAX_ROWS).map((r) => {
    const rot = r.rotation;
    const ok = rot.outcome === "rotated" || rot.outcome === "replaced-earlier";
    const state = leaked(r);
    const loud = !ok && state === "revoked" ? "**The leaked key was revoked anyway (a leak beats an outage): the workflows that read this secret fail until it holds a working key.** " : "";
    return `| \`${cell(r.keyRef)}\` | ${rot.secret ? `\`${cell(rot.secret)}\`` : "\u2013"} | ${rot.newKeyRef ? `\`${cell(rot.newKeyRef)}\`` : "\u2013"} | ${state} | ${LABEL[rot.outcome]} | ${loud}${cell(`${state === "revoked" ? "Revoked; " : ""}${rot.message}`)} |`;
  });
  const more = rotated.length - rows.length;
  return [
    "### \u{1F501} Rotate, then revoke",
    "",
    "| Leaked key | Secret | Replacement | Leaked key now | Replacement outcome | Details |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    ...more > 0 ? ["", `${more} more key(s): see the \`result\` output or the report file.`] : [],
    ""
  ];
}

// build/report/markdown.js
var PROVIDER_IDS2 = Object.keys(PROVIDERS);
function escapeMarkdown(text) {
  return text.replace(/\r?\n/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1").replace(/@/g, "&#64;");
}
var OUTCOME_LABEL = {
  revoked: "\u2705 revoked",
  "revoked-earlier": "\u2705 revoked by an earlier run",
  submitted: "\u{1F7E1} SENT, NOT PROVEN",
  "not-found": "\u26A0\uFE0F NOT FOUND, nothing deleted",
  "dry-run": "\u{1F50D} dry run",
  failed: "\u274C failed",
  skipped: "\u23ED\uFE0F skipped"
};
var HEADLINE = {
  revoked: "Every key is revoked.",
  submitted: 'Every key was sent to its provider, but NOT every one is proven dead: check the keys below marked "sent, not proven" now.',
  partial: "NOT everything is done: act now on the keys and alerts below that need a person (failed, not found, sent but not proven, or left open).",
  "not-found": "No key was revoked: the provider has no live key with what was given. The leaked key may still be alive: check each key below now.",
  failed: "No key was revoked. Act on the failures below now.",
  "dry-run": "Dry run: nothing was deleted.",
  error: "The run stopped on an error before any key: nothing was deleted.",
  none: "There was no key to revoke."
};
function collateralNote(r) {
  if (!r.collateral)
    return "";
  const { id, name, restore } = r.collateral;
  return `<br>\u{1F7E5} **COLLATERAL: key \`${escapeMarkdown(id).replace(/`/g, "")}\`${name ? ` (${escapeMarkdown(name)})` : ""} was deleted and the leaked key still works.** Restore it: ${escapeMarkdown(restore)}.`;
}
function verifiedLabel(v) {
  return v === true ? "dead \u2714" : v === false ? "STILL WORKS" : "\u2013";
}
function providerName(result) {
  return result.provider ? PROVIDERS[result.provider].name : "\u2013";
}
function alertLinks(result) {
  return (result.alerts ?? []).map((a) => {
    const label = escapeMarkdown(`${a.repository}#${a.number}`);
    const safeUrl = /^https?:\/\/[^\s()<>]+$/.test(a.url) ? a.url : void 0;
    return `${safeUrl ? `[${label}](${safeUrl})` : label}${a.resolved ? " (resolved)" : ""}`;
  }).join(", ");
}
function nextStep(result) {
  if (!result.provider)
    return void 0;
  const provider = PROVIDERS[result.provider];
  const token = `\`${provider.id}-token\``;
  if (result.outcome === "revoked" && result.verified === null) {
    return `Confirm in the ${provider.name} console that the key is gone (the action could not prove it).`;
  }
  if (result.outcome === "revoked-earlier")
    return isDone(result) ? void 0 : `The key is dead (the earlier run saw it die, and ${provider.name} refuses it now); only its alerts are open. The next sweep tries again, or close them by hand as "Revoked".`;
  if (result.outcome === "submitted")
    return `Nothing proves the key was live or that it died: confirm in ${provider.name} that the leaked key no longer works (or revoke it there now), then close its alert by hand.`;
  if (result.outcome === "not-found") {
    const given = result.keyRef.startsWith("sha256:") ? "value" : "id";
    return given === "value" ? `Compare the value with the leaked one (a typo, or a copy cut short or wrapped, looks the same from here). If the key was revoked before, close its alert; if you know its id, run again with \`key-id\`; if it may be alive, revoke it in the ${provider.name} console now.` : `Check the id in the ${provider.name} console: if the key is gone, close its alert; if it is there, run again with its right id, or revoke it in the console now.`;
  }
  if (result.outcome !== "failed")
    return void 0;
  switch (result.reason) {
    case "invalid-input": {
      if (result.message?.includes("-token`"))
        return `Set ${token} to ${provider.tokenHelp}, then run again.`;
      const fromAlert = (result.alerts?.length ?? 0) > 0;
      if (fromAlert && result.httpStatus === null)
        return `Check the \`secret-types\` line that maps this alert's secret type to ${provider.name}; if the mapping is right, revoke the key in the ${provider.name} console.`;
      const given = fromAlert ? "the alert's secret" : result.keyRef.startsWith("sha256:") ? "the key value (`key` or `key-from-input`)" : "the id in `key-id`";
      return `${provider.name} refused ${given} as invalid${result.httpStatus ? ` (HTTP ${result.httpStatus}; its words are quoted above)` : ""}: compare it with the key in the ${provider.name} console, correct it, and run again.`;
    }
    case "unresolvable":
      return result.verified === false ? `The key still works. Check that ${token} belongs to the account that owns it, or give \`key-id\`; otherwise revoke it in the ${provider.name} console now.` : `Give the key's id in \`key-id\` (from the ${provider.name} console), then run again.`;
    case "unauthorized":
      return `${provider.name} rejected the credential: set ${token} to a valid ${provider.tokenHelp}.`;
    case "forbidden":
      return `The credential may not delete this key: use ${provider.tokenHelp}, owned by the key's account.`;
    case "rate-limited":
      return `${provider.name} kept answering "too many requests": run again in a few minutes, or revoke the key in its console now.`;
    case "network":
    case "timeout":
      return `${provider.name} could not be reached in time: run again, or revoke the key in its console now. Deleting twice is safe.`;
    case "provider-error":
    default:
      return result.verified === false ? `The key is still live: revoke it in the ${provider.name} console now, and report this to ${provider.name}.` : `Check the key in the ${provider.name} console and revoke it there if it still exists; run again later.`;
  }
}
var MAX_ALERT_LINKS = 5;
function alertCell(result) {
  const alerts = result.alerts ?? [];
  const shown = alertLinks({ ...result, alerts: alerts.slice(0, MAX_ALERT_LINKS) });
  const more = alerts.length - MAX_ALERT_LINKS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}
var number3 = (n) => Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(n);
var GROUPS = [
  { id: "person", title: "\u2757 These need a person", pick: needsAPerson },
  { id: "revoked", title: "\u2705 Revoked", pick: isDone },
  { id: "other", title: "Other keys", pick: (r) => !needsAPerson(r) && !isDone(r) }
];
var TOTAL_COLUMNS = [
  ["failed", "Failed"],
  ["not-found", "Not found"],
  ["submitted", "Sent, not proven"],
  ["revoked", "Revoked"],
  ["revoked-earlier", "Revoked earlier"],
  ["dry-run", "Dry run"],
  ["skipped", "Skipped"]
];
function totals(results) {
  const rows = /* @__PURE__ */ new Map();
  const all = /* @__PURE__ */ new Map();
  for (const r of results) {
    const name = r.provider ? providerName(r) : "No provider";
    const row = rows.get(name) ?? /* @__PURE__ */ new Map();
    rows.set(name, row);
    row.set(r.outcome, (row.get(r.outcome) ?? 0) + 1);
    all.set(r.outcome, (all.get(r.outcome) ?? 0) + 1);
  }
  const columns = TOTAL_COLUMNS.filter(([outcome]) => all.has(outcome));
  const line = (name, counts) => {
    const keys = [...counts.values()].reduce((a, b) => a + b, 0);
    const cells = columns.map(([outcome]) => number3(counts.get(outcome) ?? 0));
    return `| ${name} | ${number3(keys)} | ${cells.join(" | ")} |`;
  };
  const order = [...PROVIDER_IDS2.map((id) => PROVIDERS[id].name), "No provider"];
  return [
    `| Provider | Keys | ${columns.map(([, label]) => label).join(" | ")} |`,
    `| --- | ---: |${" ---: |".repeat(columns.length)}`,
    ...order.filter((name) => rows.has(name)).map((name) => line(name, rows.get(name))),
    ...rows.size > 1 ? [line("**All**", all)] : []
  ];
}
function hasDetails(r) {
  return !(r.outcome === "revoked" && r.verified === true) && Boolean(r.message || nextStep(r));
}
function details(r) {
  if (!hasDetails(r))
    return "";
  const step = nextStep(r);
  const what = r.message ? escapeMarkdown(r.message) : OUTCOME_LABEL[r.outcome];
  return `${what}${collateralNote(r)}${step ? `<br>**Next:** ${step}` : ""}`;
}
function cutNote(input, target, left) {
  const total = left.person + left.revoked + left.other;
  const limit = target === "summary" ? "GitHub's limit of 1,024 KiB for a job summary" : "GitHub's limit of 65,536 characters for a comment";
  const elsewhere = input.reportFile ? `Every key is in the report file \`${basename(input.reportFile).replace(/[`<>|]/g, "")}\` (the \`report-file\` output; keep it with an \`actions/upload-artifact\` step).` : "The report file could not be written: the `result` output lists the keys that need a person.";
  const summary2 = target === "comment" ? input.runUrl ? ` The job summary of the [workflow run](${input.runUrl}) lists more.` : " The job summary lists more." : "";
  return `**${number3(total)} of ${number3(input.results.length)} keys are not listed here** (${number3(left.person)} that need a person, ${number3(left.revoked)} revoked, ${number3(left.other)} other), to stay under ${limit}.${summary2} ${elsewhere}`;
}
function renderReport(input, limit = BUDGET.summary, target = "summary") {
  const { status, results, dryRun, runUrl: runUrl2 } = input;
  const head = [`## \u{1F511} Leaked key revocation: ${status}`, "", `**${HEADLINE[status]}**`, ""];
  if (results.length > 0)
    head.push(...totals(results), "");
  const tail = [...rotationLines(results)];
  if (dryRun)
    tail.push("_Dry run: set `dry-run: false` to delete these keys._", "");
  if (runUrl2)
    tail.push(`[Workflow run](${runUrl2})`, "");
  const size = (lines2) => lines2.reduce((sum, line) => sum + limit.measure(line) + 1, 0);
  const most = { person: results.length, revoked: results.length, other: results.length };
  let room = limit.max - size(head) - size(tail) - size([cutNote(input, target, most), ""]);
  const withAlerts = results.some((r) => r.alerts?.length);
  const body = [];
  const left = { person: 0, revoked: 0, other: 0 };
  let cut2 = false;
  for (const group of GROUPS) {
    const members2 = results.filter(group.pick);
    if (members2.length === 0)
      continue;
    const withDetails = members2.some(hasDetails);
    const header = [
      `### ${group.title}: ${number3(members2.length)} key${members2.length === 1 ? "" : "s"}`,
      "",
      `| Provider | Key | Outcome | Verified | HTTP | Attempts | Time |${withAlerts ? " Alerts |" : ""}${withDetails ? " Details |" : ""}`,
      `| --- | --- | --- | --- | --- | --- | --- |${withAlerts ? " --- |" : ""}${withDetails ? " --- |" : ""}`
    ];
    let shown = 0;
    let free = room - size(header) - size([""]);
    if (!cut2 && free > 0) {
      const rows = [];
      for (const r of members2) {
        const row = `| ${providerName(r)} | \`${escapeMarkdown(r.keyRef).replace(/`/g, "")}\` | ${OUTCOME_LABEL[r.outcome]}${r.reason ? ` (${r.reason})` : ""} | ${verifiedLabel(r.verified)} | ${r.httpStatus ?? "\u2013"} | ${r.attempts} | ${(r.durationMs / 1e3).toFixed(1)} s |${withAlerts ? ` ${alertCell(r) || "\u2013"} |` : ""}${withDetails ? ` ${details(r)} |` : ""}`;
        const cost = limit.measure(row) + 1;
        if (cost > free)
          break;
        rows.push(row);
        free -= cost;
      }
      if (rows.length > 0) {
        body.push(...header, ...rows, "");
        room = free;
        shown = rows.length;
      }
    }
    if (shown < members2.length) {
      cut2 = true;
      left[group.id] = members2.length - shown;
    }
  }
  if (cut2)
    body.push(cutNote(input, target, left), "");
  return [...head, ...body, ...tail].join("\n");
}

// build/report/report-file.js
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
function reportFilePath(env = process.env) {
  const step = (env.GITHUB_ACTION ?? "").replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80);
  return join(env.RUNNER_TEMP || tmpdir(), `revoke-leaked-keys-${step || "report"}.jsonl`);
}
var CHUNK = 64 * 1024;
async function writeReportFile(path, results, redact) {
  const file = await open(path, "w", 384);
  try {
    let chunk = "";
    for (const r of results) {
      chunk += `${redact(JSON.stringify(resultEntry(r)))}
`;
      if (chunk.length >= CHUNK) {
        await file.write(chunk);
        chunk = "";
      }
    }
    if (chunk)
      await file.write(chunk);
  } finally {
    await file.close();
  }
}

// build/report/publish.js
var message2 = (error3) => error3 instanceof Error ? error3.message : String(error3);
function setOutputs(outputs, redactor) {
  for (const [name, value] of Object.entries(outputs))
    setOutput(name, redactor.redact(value));
}
async function saveReport(path, results, redactor) {
  try {
    await writeReportFile(path, results, (text) => redactor.redact(text));
    return path;
  } catch (error3) {
    warning(`Could not write the report file ${path}: ${message2(error3)}`);
    return void 0;
  }
}
async function writeSummary(markdown) {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    info(markdown);
    return;
  }
  try {
    await summary.addRaw(markdown, true).write();
  } catch (error3) {
    warning(`Could not write the job summary: ${message2(error3)}`);
  }
}
function failureSummary(safeError, results) {
  const revoked = results.filter(isRevoked).length;
  const said = results.length === 0 ? "**Nothing was deleted.**" : revoked === 0 ? `**No key was revoked** before the run stopped (${results.length} key(s) have a result: see the \`result\` output and the report file).` : `**${revoked} key(s) WERE revoked before the run stopped**; see the \`result\` output and the report file for each key. Keys without a result there may still be alive: run again.`;
  return `## \u{1F511} Leaked key revocation: failed

${said} ${escapeMarkdown(safeError)}
`;
}
var ANNOTATIONS_PER_KIND = 10;
var TO_RUNNER = {
  error: (text, props) => error2(text, props),
  warning: (text, props) => warning(text, props),
  notice: (text, props) => notice(text, props)
};
function annotation(r) {
  const where = `${providerName(r)} key ${r.keyRef}`;
  const stillWorks = r.verified === false || r.collateral !== void 0;
  switch (r.outcome) {
    case "failed":
      return {
        kind: "error",
        text: `${where}: ${r.reason ?? "failed"}: ${r.message ?? ""}`,
        title: "Leaked key NOT revoked",
        label: "failed",
        // A key seen working after the delete (or a deleted bystander) comes first.
        rank: stillWorks ? 0 : 1
      };
    case "not-found":
      return {
        kind: "error",
        text: `${where}: not found: ${r.message ?? ""}`,
        title: "Leaked key NOT revoked: not found",
        label: "not found",
        rank: 2
      };
    case "submitted":
      return {
        kind: "warning",
        text: `${where}: sent, not proven: ${r.message ?? ""}`,
        title: "Leaked key sent for revocation, NOT proven dead",
        label: "sent, not proven",
        rank: 0
      };
    case "revoked-earlier":
      return isDone(r) ? {
        kind: "notice",
        text: `${where}: revoked by an earlier run (run ${r.earlier?.runId ?? "?"}); its alerts are resolved now`,
        title: "Leaked key revoked earlier: alerts resolved",
        label: "revoked earlier",
        rank: 1
      } : {
        kind: "warning",
        text: `${where}: revoked earlier, alerts still open: ${r.message ?? ""}`,
        title: "Leaked key revoked earlier: its alerts are still open",
        label: "revoked earlier, alerts still open",
        rank: 1
      };
    case "revoked":
      return {
        kind: "notice",
        text: `${where}: ${r.outcome}${r.verified ? ", verified dead" : ""}`,
        title: "Leaked key revoked",
        label: "revoked",
        rank: 0
      };
    default:
      return void 0;
  }
}
function rest(kind, left) {
  const counts = /* @__PURE__ */ new Map();
  for (const a of left)
    counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
  const which = [...counts].map(([title2, n]) => `${number3(n)} ${title2}`).join("; ");
  const title = kind === "error" ? "More leaked keys NOT revoked" : kind === "warning" ? "More leaked keys to check" : "More leaked keys revoked";
  return {
    title,
    text: `${number3(left.length)} more key(s) (${which}). GitHub shows ${ANNOTATIONS_PER_KIND} annotations of a kind per step: the job summary and the \`report-file\` output list every key.`
  };
}
function annotate(results, out = TO_RUNNER) {
  const byKind = { error: [], warning: [], notice: [] };
  for (const r of results) {
    const a = annotation(r);
    if (a)
      byKind[a.kind].push(a);
  }
  for (const kind of ["error", "warning", "notice"]) {
    const all = byKind[kind].sort((a, b) => a.rank - b.rank);
    const shown = all.length > ANNOTATIONS_PER_KIND ? all.slice(0, ANNOTATIONS_PER_KIND - 1) : all;
    const left = all.slice(shown.length);
    for (const a of left.length > 0 ? [...shown, rest(kind, left)] : shown)
      out[kind](a.text, { title: a.title });
  }
}

// build/report/reports.js
function renderReports(input, redact) {
  const outputs = renderOutputs(input.status, input.results, {
    redact,
    ...input.reportFile ? { reportFile: input.reportFile } : {}
  });
  const summary2 = fit((max) => renderReport(input, { ...BUDGET.summary, max }, "summary"), redact, BUDGET.summary);
  const comment = fit((max) => renderReport(input, { ...BUDGET.comment, max }, "comment"), redact, BUDGET.comment);
  return { outputs, summary: summary2, comment };
}

// build/resources.js
var REPORT_GRACE_MS = 5e3;
var RunResources = class {
  apiUrl;
  redactor;
  connections = new NodeConnections({ perOrigin: 16, idleMs: 1e4 });
  deadline;
  #grace;
  // A cancelled job gets SIGINT, then SIGTERM: stop sending, and report what is known.
  #onSignal = (signal) => {
    warning(`Received ${signal}: stopping, and reporting what is known so far.`);
    this.deadline.cancel();
  };
  constructor(timeoutMs, apiUrl, redactor) {
    this.apiUrl = apiUrl;
    this.redactor = redactor;
    this.deadline = new Deadline(timeoutMs);
    process.once("SIGINT", this.#onSignal);
    process.once("SIGTERM", this.#onSignal);
  }
  /**
   * Octokit for `token`, or undefined without one. Loaded only by runs that talk to GitHub:
   * a one-key run never pays for it.
   */
  async github(token, within = this.deadline) {
    if (!token)
      return void 0;
    const { gitHubApi } = await import("./octokit-UGWPHEGI.js");
    return gitHubApi(this.apiUrl, token, this.redactor, {
      connections: this.connections,
      deadline: within
    });
  }
  /** The deadline for reporting: the run's, or after it passed, a few seconds of grace. */
  reporting() {
    return this.deadline.expired ? this.#grace ??= new Deadline(REPORT_GRACE_MS) : this.deadline;
  }
  async close() {
    process.off("SIGINT", this.#onSignal);
    process.off("SIGTERM", this.#onSignal);
    this.deadline.dispose();
    this.#grace?.dispose();
    await this.connections.close();
  }
};

// build/revoke/alert-resolution.js
var MAX_FAILURE_WARNINGS = 5;
function resolutionComment(r, policy) {
  if (!r.provider)
    return void 0;
  const name = PROVIDERS[r.provider].name;
  const by = `by revoke-leaked-keys.${policy.runUrl ? ` ${policy.runUrl}` : ""}`;
  if (isRevoked(r)) {
    if (policy.verify && r.verified !== true)
      return void 0;
    return `Revoked at ${name}${r.verified ? ", verified dead" : ""} ${by}`;
  }
  if (r.outcome === "not-found" && policy.resolveNotFound)
    return `NOTHING WAS DELETED: ${name} has no live key with this value (revoked before, or not the exact key). Resolved because resolve-not-found-alerts is on, ${by}`;
  return void 0;
}
var MAX_RESOLUTION_COMMENT = 250;
function earlierComment(r, earlier, policy) {
  const name = r.provider ? PROVIDERS[r.provider].name : "its provider";
  const cited = `Revoked at ${name}, verified dead, by revoke-leaked-keys in ${earlier.runUrl ?? `run ${earlier.runId}`}; resolving it failed then.`;
  const now = ` Refused again and resolved by ${policy.runUrl ?? "a later run"}`;
  return cited.length + now.length <= MAX_RESOLUTION_COMMENT ? cited + now : cited;
}
var AlertResolver = class {
  gh;
  policy;
  warn;
  evidence;
  #limiter = new Limiter(GITHUB_CONCURRENCY);
  #work = [];
  #resolved = /* @__PURE__ */ new Set();
  #failed = /* @__PURE__ */ new Set();
  #earlier = /* @__PURE__ */ new Map();
  #book;
  #firstFailure = "";
  constructor(gh, policy, warn, evidence) {
    this.gh = gh;
    this.policy = policy;
    this.warn = warn;
    this.evidence = evidence;
  }
  add(r) {
    if (r.outcome === "not-found" && r.provider && r.alerts?.length && this.evidence && this.policy.verify) {
      const provider = r.provider;
      this.#work.push(this.#evidence().then(async (book) => {
        const earlier = book.find(provider, r.keyRef);
        if (!earlier)
          return this.#resolveAll(r.alerts ?? [], resolutionComment(r, this.policy));
        for (const a of r.alerts ?? [])
          this.#earlier.set(alertKey(a), earlier);
        await this.#resolveAll(r.alerts ?? [], earlierComment(r, earlier, this.policy));
      }));
      return;
    }
    this.#work.push(this.#resolveAll(r.alerts ?? [], resolutionComment(r, this.policy)));
  }
  #evidence() {
    this.#book ??= (this.evidence?.() ?? Promise.resolve({ find: () => void 0, size: 0 })).catch((error3) => {
      this.warn(`Could not read the evidence of earlier revocations: ${error3 instanceof Error ? error3.message : String(error3)}. Keys an earlier run revoked are reported not found.`);
      return { find: () => void 0, size: 0 };
    });
    return this.#book;
  }
  async #resolveAll(alerts, comment) {
    if (comment === void 0)
      return;
    await Promise.all(alerts.map((alert) => this.#limiter.run(async () => {
      try {
        await resolveAlert(this.gh, alert, comment);
        this.#resolved.add(alertKey(alert));
      } catch (error3) {
        this.#failed.add(alertKey(alert));
        const text = `Could not resolve alert ${alertKey(alert)}: ${error3 instanceof Error ? error3.message : String(error3)}`;
        if (this.#failed.size <= MAX_FAILURE_WARNINGS)
          this.warn(text);
        else
          this.#firstFailure ||= text;
      }
    })));
  }
  /** Waits for every resolution started so far; what was resolved, what failed, and why. */
  async finished() {
    await Promise.all(this.#work);
    const more = this.#failed.size - MAX_FAILURE_WARNINGS;
    if (more > 0)
      this.warn(`Could not resolve ${more} more alert(s) (${this.#failed.size} in all), such as: ${this.#firstFailure.replace(/^Could not resolve /, "")}`);
    return { resolved: this.#resolved, failed: this.#failed, earlier: this.#earlier };
  }
};
function withResolutions(results, { resolved, earlier }) {
  return results.map((r) => {
    const alerts = r.alerts ?? [];
    const before = alerts.map((a) => earlier.get(alertKey(a))).find((e) => e !== void 0);
    if (!before && !alerts.some((a) => resolved.has(alertKey(a))))
      return r;
    const marked = alerts.map((a) => ({ ...a, resolved: resolved.has(alertKey(a)) }));
    if (!before || r.outcome !== "not-found")
      return { ...r, alerts: marked };
    const name = r.provider ? PROVIDERS[r.provider].name : "The provider";
    const open3 = marked.filter((a) => !a.resolved).length;
    const run2 = `run ${before.runId}${before.runUrl ? ` (${before.runUrl})` : ""}`;
    return {
      ...r,
      outcome: "revoked-earlier",
      alerts: marked,
      earlier: before,
      message: `Revoked and verified dead by an earlier ${run2}, which could not resolve its alerts; ${name} refuses the value now too, so there was nothing left to delete. ` + (open3 === 0 ? "Its alerts are now resolved as revoked, citing that run." : `${open3} of its ${marked.length} alert(s) could NOT be resolved now either: the next sweep tries again, or close them by hand as "Revoked".`)
    };
  });
}

// build/revoke/batch.js
var DeleteBatches = class {
  size;
  places;
  sendMany;
  /** Keys of the run for this lane that have not taken a place yet. */
  #notStarted;
  /** Keys that hold a place. */
  #holding = 0;
  /** Keys that hold a place and have neither joined nor ended. */
  #undecided = 0;
  #open = [];
  /**
   * @param size the most keys one request takes
   * @param places the lane's concurrency: keys that may hold a place at once
   * @param keys how many keys of the run this lane will get
   */
  constructor(size, places, keys, sendMany) {
    this.size = size;
    this.places = places;
    this.sendMany = sendMany;
    this.#notStarted = keys;
  }
  /** Called when a key takes its place in the lane, before it awaits anything. */
  turn() {
    this.#notStarted--;
    this.#holding++;
    this.#undecided++;
    let decided = false;
    let ended = false;
    const decide = () => {
      if (decided)
        return;
      decided = true;
      this.#undecided--;
    };
    return {
      join: (target, auth) => new Promise((resolve, reject) => {
        if (decided)
          throw new Error("a key joins its batch once");
        decide();
        this.#open.push({
          target,
          auth,
          settle: (o) => "result" in o ? resolve(o.result) : reject(o.error)
        });
        this.#flushIfReady();
      }),
      end: () => {
        if (ended)
          return;
        ended = true;
        decide();
        this.#holding--;
        this.#flushIfReady();
      }
    };
  }
  #flushIfReady() {
    while (this.#open.length >= this.size)
      this.#send(this.#open.splice(0, this.size));
    const anyoneCanJoin = this.#undecided > 0 || this.#notStarted > 0 && this.#holding < this.places;
    if (!anyoneCanJoin && this.#open.length > 0)
      this.#send(this.#open.splice(0));
  }
  /** One request per credential among the batch's keys (GitHub's takes none: one request). */
  #send(batch) {
    const byCredential = /* @__PURE__ */ new Map();
    for (const w of batch) {
      const id = `${w.auth.kind}\0${w.auth.kind === "self" ? "" : w.auth.secret}`;
      const group = byCredential.get(id);
      if (group)
        group.push(w);
      else
        byCredential.set(id, [w]);
    }
    for (const group of byCredential.values()) {
      const [first] = group;
      if (!first)
        continue;
      this.sendMany(group.map((w) => w.target), first.auth).then((results) => group.forEach((w, i) => {
        const result = results[i];
        w.settle(result ? { result } : { error: new Error(`the batch answered ${results.length} of ${group.length}`) });
      }), (error3) => group.forEach((w) => w.settle({ error: error3 })));
    }
  }
};

// build/revoke/verdict.js
function verdict(finding, voice) {
  switch (finding.kind) {
    case "value-refused":
      return notFound(finding.said);
    case "missing":
      return missing(finding.said, finding.check);
    case "unconfirmed-candidate": {
      const { candidate: c } = finding;
      return {
        outcome: "failed",
        reason: "unresolvable",
        verified: null,
        message: `Nothing was deleted: ${voice.name} lists ${listed(c)}, whose ${c.shown} could show this value, but ${finding.why}. A partial form is a candidate, never proof. If ${c.id} is the leaked key, run again with \`key-id: ${c.id}\` (and the value in \`key\`, so the run can prove it dead).`
      };
    }
    case "other-owner":
      return {
        outcome: "failed",
        reason: "unresolvable",
        verified: false,
        message: `Nothing was deleted: the value is a live key of organization ${finding.owner}, and the credential's list (organization ${finding.listOwner}) shows only a lookalike, ${listed(finding.candidate)}, which was left alone. Revoke the key with a credential of organization ${finding.owner}, or in its console now.`
      };
    case "dry-run":
      return {
        outcome: "dry-run",
        verified: null,
        message: `Would ${voice.words.verb} this ${voice.name} key (${finding.auth === "self" ? "authenticated by the key itself" : `with \`${voice.tokenInput ?? "its token"}\``}).`
      };
    case "deleted":
      return deleted(finding, voice);
  }
}
function listed(key) {
  return `key ${key.id}${key.name ? ` ("${key.name}")` : ""}`;
}
function missing(said, check) {
  switch (check.kind) {
    case "no-value":
      return notFound(said, "id");
    case "not-probed":
      return notFound(`${said}; the value was not probed (verify: false)`);
    case "dead":
      return notFound(`${said}; the probe saw the value refused`);
    case "alive":
      return {
        outcome: "failed",
        reason: "unresolvable",
        verified: false,
        message: `${said}, yet the key still works: it belongs to another account, or the id is wrong.`
      };
    case "inconclusive":
      return {
        outcome: "failed",
        reason: "unresolvable",
        verified: null,
        message: `${said}, and the probe could not tell whether the key works: ${check.note}.`
      };
  }
}
function deleted(found, voice) {
  const { name, words } = voice;
  const { after, lost } = found;
  const confirmed = found.answer === "deleted";
  const note = !lost ? "" : confirmed ? " An earlier attempt got no answer; repeating it was safe." : ` The first ${words.noun} got no answer and the retry found the key gone: this run's first ${words.noun} most likely did it; repeating a delete is safe.`;
  const sent = found.answer === "submitted" ? `${name} accepted the ${words.noun}, but its answer confirms nothing about this key` : `${name}'s answer does not show this run's ${words.noun} killed it`;
  const unproven = found.unproven ?? "it was not checked";
  switch (after.kind) {
    case "skipped": {
      const why = after.because === "verify-off" ? "verify: false" : "only the key value can be probed";
      if (confirmed && found.readBack && !lost)
        return {
          outcome: "revoked",
          verified: true,
          message: `${words.done} and verified dead by ${name}'s own record of this key: ${found.readBack}. The value was not probed (${why}).${note}`
        };
      if (confirmed)
        return {
          outcome: "revoked",
          verified: null,
          message: `${words.done}: ${name}'s answer was about this key; not probed (${why}).${note}`
        };
      return submitted(`${sent}; the value was not probed (${why}).${note}`);
    }
    case "dead":
      if (found.seenAlive)
        return {
          outcome: "revoked",
          verified: true,
          message: `${words.done} and verified dead: the key worked before the ${words.noun} and is refused after it.${note}`
        };
      if (confirmed)
        return {
          outcome: "revoked",
          verified: null,
          message: `${words.done}: ${name}'s answer was about this key, and the value is refused after it; not proven that it worked before: ${unproven}.${note}`
        };
      return submitted(`${sent}. The value is refused after it, but nothing shows it was a live key before: ${unproven}.${note}`);
    case "alive": {
      const still = `the key still works ${Math.round(after.waitedMs / 1e3)} s after the ${words.noun}`;
      const id = confirmed ? found.target.id : void 0;
      if (confirmed && id === void 0 && voice.revocationDelay)
        return submitted(`${name} accepted the ${words.noun} of this key, but ${still}, and ${name} documents ${voice.revocationDelay}: not yet seen dead. Check again later that it is refused, and revoke it in its owner's settings if it still works.${note}`);
      if (id === void 0)
        return {
          outcome: "failed",
          reason: "provider-error",
          verified: false,
          message: `${name} accepted the ${words.noun}, but ${still}.${note}`
        };
      const keyName2 = found.target.name;
      const restore = voice.restoreHelp ?? `a deleted ${name} key cannot be brought back: create a new key for its owner and put it where ${id} was used`;
      return {
        outcome: "failed",
        reason: "provider-error",
        verified: false,
        message: `${name} answered that it ${pastTense(words.verb)} key ${id}${keyName2 ? ` ("${keyName2}")` : ""}, but ${still}: either ${name} is slow to apply it, or ${id} was NOT the leaked key and was ${pastTense(words.verb)} as collateral. If so, restore it: ${restore}.${note}`,
        collateral: { id, ...keyName2 ? { name: keyName2 } : {}, restore }
      };
    }
    case "unknown":
      if (confirmed)
        return {
          outcome: "revoked",
          verified: null,
          message: `${words.done}: ${name}'s answer was about this key; not proven dead: ${after.note}.${note}`
        };
      return submitted(`${sent}, and whether the key died could not be checked: ${after.note}.${note}`);
  }
}
function submitted(said) {
  return { outcome: "submitted", verified: null, message: `Sent, not proven: ${said}` };
}
function pastTense(verb) {
  return verb.endsWith("e") ? `${verb}d` : `${verb}ed`;
}
function notFound(said, given = "value") {
  const readings = given === "id" ? "No live key with this id: revoked before, or not the right id; check the id." : "No live key with this value: revoked before, or not the exact key (a typo, a truncated or wrapped copy); check the value.";
  return {
    outcome: "not-found",
    verified: null,
    message: `Nothing was deleted. ${readings} (${said}.)`
  };
}

// build/revoke/engine.js
var VERIFY_WINDOW_MS = 3e4;
async function revokeKeys(job, options) {
  const lanes = /* @__PURE__ */ new Map();
  const lane = (id) => {
    let found = lanes.get(id);
    if (!found) {
      const keys = job.keys.filter((key) => key.provider === id).length;
      const given = options.providers?.[id];
      found = (given ? Promise.resolve(given) : loadProvider(id)).then((provider) => new ProviderLane(provider, job, options, keys));
      lanes.set(id, found);
    }
    return found;
  };
  return Promise.all(job.keys.map(async (key) => {
    const result = await (await lane(key.provider)).revoke(key);
    options.onResult?.(result);
    return result;
  }));
}
var ProviderLane = class {
  provider;
  job;
  options;
  #limiter;
  /** Where the keys' deletes gather, for a provider that deletes a list at once. */
  #batches;
  #ctx;
  /** A batch delete's requests, by each target it carried, for each key's receipt. */
  #shared = /* @__PURE__ */ new WeakMap();
  /** What results call the delete call: "Deleted", or the provider's own words. */
  get #words() {
    return this.provider.revocationWords ?? { done: "Deleted", verb: "delete", noun: "delete" };
  }
  /** The provider as results name it. */
  get #voice() {
    const { provider } = this;
    return {
      name: provider.name,
      words: this.#words,
      restoreHelp: provider.restoreHelp,
      revocationDelay: provider.revocationDelay,
      tokenInput: tokenInput(provider) ?? provider.credentialEnv?.[0]
    };
  }
  constructor(provider, job, options, keys) {
    this.provider = provider;
    this.job = job;
    this.options = options;
    this.#limiter = new Limiter(provider.limits.concurrency);
    const many = provider.deleteMany?.bind(provider);
    if (many)
      this.#batches = new DeleteBatches(provider.limits.batch ?? provider.limits.concurrency, provider.limits.concurrency, keys, async (targets, auth) => {
        const log = new OperationLog();
        try {
          return await inLog(log, "delete", () => many(this.#ctx, targets, auth));
        } finally {
          const operations = log.operations.map((op) => ({ ...op, sharedBy: targets.length }));
          for (const target of targets)
            this.#shared.set(target, operations);
        }
      });
    const pacers = {};
    for (const [name, ms] of Object.entries(provider.limits.minIntervalMs ?? {}))
      pacers[name] = new Pacer(ms, provider.limits.fromAnswer?.includes(name));
    const memo = /* @__PURE__ */ new Map();
    const token = job.tokens[provider.id];
    const clientOptions = {
      connections: options.connections,
      deadline: options.deadline,
      policy: options.http,
      pacers,
      headers: { "user-agent": USER_AGENT, accept: "application/json" },
      retryAfterFromBody: provider.retryAfterFromBody?.bind(provider),
      throttled: provider.throttled?.bind(provider),
      requestIdHeaders: provider.requestIdHeaders
    };
    const base = job.baseUrls[provider.id];
    const http = new HttpClient(base, clientOptions);
    const given = base.href !== new URL(provider.defaultBaseUrl).href;
    const services = /* @__PURE__ */ new Map();
    this.#ctx = {
      ...token ? { token } : {},
      ...job.flags?.[provider.id] ? { flags: job.flags[provider.id] } : {},
      redactor: options.redactor,
      http,
      service(name) {
        const url = provider.serviceUrls?.[name];
        if (given || url === void 0)
          return http;
        let client = services.get(name);
        if (!client)
          services.set(name, client = new HttpClient(new URL(url), clientOptions));
        return client;
      },
      memo(key, load) {
        let entry = memo.get(key);
        if (!entry) {
          entry = load();
          memo.set(key, entry);
        }
        return entry;
      }
    };
  }
  revoke(key) {
    return this.#limiter.run(() => this.#revokeOne(key));
  }
  async #revokeOne(key) {
    const turn = this.#batches?.turn();
    const started = Date.now();
    const record2 = {
      provider: this.provider.id,
      // An id that is a piece of the value given with it (one its provider embeds in the key)
      // is as secret as the value: the key is then named by the value's fingerprint.
      keyRef: key.id !== void 0 && !key.value?.includes(key.id) ? key.id : fingerprint(key.value ?? ""),
      outcome: "failed",
      verified: null,
      httpStatus: null,
      attempts: 0,
      durationMs: 0
    };
    const log = new OperationLog();
    try {
      Object.assign(record2, await inLog(log, "identify", () => this.#run(key, record2, turn)));
    } catch (error3) {
      Object.assign(record2, this.#failed(error3));
    } finally {
      turn?.end();
    }
    record2.evidence = {
      ...key.value !== void 0 ? { fingerprint: valueDigest(key.value) } : {},
      operations: log.operations,
      probes: log.probes
    };
    const { rotation } = this.options;
    if (rotation?.wants(key) && !record2.rotation && !this.job.dryRun)
      record2.rotation = rotation.skipped(key, this.provider, "the leaked key was not identified as a live key before its delete");
    record2.durationMs = Date.now() - started;
    const { redactor } = this.options;
    if (record2.message !== void 0)
      record2.message = redactor.redact(record2.message);
    if (record2.rotation)
      record2.rotation.message = redactor.redact(record2.rotation.message);
    if (record2.collateral)
      record2.collateral = {
        ...record2.collateral,
        id: redactor.redact(record2.collateral.id),
        restore: redactor.redact(record2.collateral.restore)
      };
    if (key.alerts)
      record2.alerts = key.alerts.map((a) => ({ ...a, resolved: false }));
    return record2;
  }
  #failed(error3) {
    const name = this.provider.name;
    if (error3 instanceof RevocationFailure) {
      return {
        outcome: "failed",
        reason: error3.reason,
        message: error3.message,
        httpStatus: error3.httpStatus,
        attempts: error3.attempts
      };
    }
    if (error3 instanceof TransportError) {
      return {
        outcome: "failed",
        reason: error3.kind,
        message: `${name}: ${error3.message} after ${error3.attempts} attempt(s)`,
        attempts: error3.attempts
      };
    }
    const text = error3 instanceof Error ? error3.message : String(error3);
    return {
      outcome: "failed",
      reason: "provider-error",
      message: `${name}: unexpected error: ${this.options.redactor.redact(text).slice(0, 200)}`
    };
  }
  #credential(key) {
    const token = this.job.tokens[this.provider.id];
    if (token)
      return { kind: "token", secret: token };
    if (this.provider.selfRevocation && key.value)
      return { kind: "self", secret: key.value };
    const input = tokenInput(this.provider);
    const env = this.provider.credentialEnv;
    if (env)
      throw new RevocationFailure("invalid-input", `${this.provider.name}: ${withArticle(`leaked ${this.provider.name}`)} key never revokes itself: set the environment variables ${env.map((name) => `\`${name}\``).join(", ")} to ${this.provider.tokenHelp}.`);
    if (!input)
      throw new RevocationFailure("invalid-input", `${this.provider.name}: a key given only by id cannot be revoked here; give its value in \`key\`.`);
    const why = this.provider.selfRevocation ? "a key given only by id cannot authenticate its own delete; give its value in `key`, or" : `${withArticle(`leaked ${this.provider.name}`)} key cannot delete itself:`;
    throw new RevocationFailure("invalid-input", `${this.provider.name}: ${why} set \`${input}\` to ${this.provider.tokenHelp}.`);
  }
  /**
   * One key, step by step. Each step asks the provider one thing and may end the key with what
   * it found; `verdict` alone decides what that makes the key.
   */
  async #run(key, record2, turn) {
    return verdict(await this.#findOut(key, record2, turn), this.#voice);
  }
  async #findOut(key, record2, turn) {
    const auth = this.#credential(key);
    const named = await this.#resolve(key, auth);
    if ("finding" in named)
      return named.finding;
    const target = await inPhase("probe-before", () => this.#checkBefore(key, named));
    if ("finding" in target)
      return target.finding;
    if (this.job.dryRun)
      return { kind: "dry-run", auth: auth.kind };
    const rotation = await inPhase("rotate", () => this.#rotate(key, target, auth));
    if (rotation)
      record2.rotation = rotation;
    const sent = await inPhase("delete", () => this.#send(key, target, auth, record2, turn));
    if ("finding" in sent)
      return sent.finding;
    return {
      kind: "deleted",
      ...sent,
      seenAlive: target.seenAlive,
      unproven: target.unproven,
      target: { id: target.id, name: target.name },
      after: await inPhase("probe-after", () => this.#checkAfter(key.value))
    };
  }
  /**
   * The id of a key given only by its value, from the provider's list, where the provider
   * deletes by id; and whether the value was seen working on the way.
   */
  async #resolve(key, auth) {
    const { provider } = this;
    if (key.id !== void 0 || key.value === void 0 || !provider.resolve)
      return { id: key.id, seenAlive: false };
    const found = await provider.resolve(this.#ctx, key.value, auth);
    switch (found.kind) {
      case "ambiguous":
        throw new RevocationFailure("unresolvable", `${provider.name}: ${found.matches} keys match this value; give the right one's id in \`key-id\`.`);
      case "key-rejected":
        return {
          finding: {
            kind: "value-refused",
            said: `${provider.name} refused the value itself (HTTP ${found.httpStatus})`
          }
        };
      case "not-found":
        return {
          finding: {
            kind: "missing",
            said: found.said ?? `${provider.name} lists no key with this value for this token`,
            check: await this.#checkMissing(key.value)
          }
        };
      case "candidate": {
        const checked = await this.#checkCandidate(found, key.value, auth);
        return checked === "alive" || checked === "unchecked" ? { id: found.id, name: found.name, seenAlive: checked === "alive" } : { finding: checked };
      }
      case "found":
        return { id: found.id, name: found.name, seenAlive: found.authenticated === true };
    }
  }
  /**
   * Probes the value before the delete, unless it was seen working already. Only a value seen
   * working lets a refusal after the delete prove that the deleted key was the leaked one: a
   * typo or a truncated copy is refused before and after alike.
   */
  async #checkBefore(key, named) {
    if (!this.job.verify || key.value === void 0 || named.seenAlive)
      return named;
    const before = await this.#probeBefore(key.value);
    const noun = this.#words.noun;
    if (before.kind === "alive")
      return { ...named, seenAlive: true };
    if (before.kind === "unknown")
      return {
        ...named,
        unproven: `its value could not be checked before the ${noun}: ${before.note}`
      };
    if (key.id === void 0)
      return {
        finding: {
          kind: "value-refused",
          said: `${this.provider.name} refuses this value (probe: ${before.note})`
        }
      };
    return {
      ...named,
      unproven: `the value given was already refused before the ${noun} (probe: ${before.note}), so nothing proves the deleted key was this one`
    };
  }
  /**
   * Rotate, then revoke: a replacement for a key the run saw alive and identified, before its
   * delete. Whatever happens here, the delete follows.
   */
  async #rotate(key, target, auth) {
    const hook = this.options.rotation;
    if (!hook?.wants(key))
      return void 0;
    if (!target.seenAlive || target.id === void 0)
      return hook.skipped(key, this.provider, target.unproven ? `the leaked key was not seen working (${target.unproven}), so nothing shows which key a replacement would stand in for` : "the leaked key was not seen working, so nothing shows which key a replacement would stand in for");
    try {
      return await hook.rotate({
        provider: this.provider,
        ctx: this.#ctx,
        key,
        old: { id: target.id, ...target.name ? { name: target.name } : {} },
        auth
      });
    } catch (error3) {
      return {
        outcome: "failed",
        message: `No replacement: ${this.#why(error3)}.`
      };
    }
  }
  /**
   * Sends the delete, alone or in the lane's batch, and records its HTTP status and attempts.
   * An answer that there is no such key ends the key, unless it answered a repeat of a delete
   * whose first answer was lost.
   */
  async #send(key, to, auth, record2, turn) {
    const { provider } = this;
    const target = to.id !== void 0 ? { id: to.id, value: key.value } : { value: key.value };
    const deleted2 = turn ? await turn.join(target, auth).finally(() => adoptOperations(this.#shared.get(target))) : await provider.delete(this.#ctx, target, auth);
    record2.httpStatus = deleted2.response.status;
    record2.attempts = deleted2.response.attempts;
    const lost = deleted2.response.retriedAfterAmbiguous === true;
    const { answer } = deleted2;
    if ((answer.kind === "not-found" || answer.kind === "key-rejected") && !lost)
      return {
        finding: {
          kind: "missing",
          said: answer.kind === "key-rejected" ? `${provider.name} refused the value itself on ${this.#words.noun} (HTTP ${deleted2.response.status})` : answer.said ?? `${provider.name} has no key with this id (HTTP ${deleted2.response.status})`,
          check: await this.#checkMissing(key.value)
        }
      };
    return {
      answer: answer.kind,
      lost,
      ...answer.kind === "deleted" && answer.readBack ? { readBack: answer.readBack } : {}
    };
  }
  /**
   * A listed partial form is a candidate, never proof: the candidate is the leaked key only when
   * the value itself works and belongs to the organization the listing comes from (or, where
   * the partial form is the key's own identifier, simply works). `alive`: identified, and seen
   * alive; `unchecked`: its own answer proved nothing, but the delete is authenticated by the
   * value itself, so only the key itself can be hit (not seen alive: the probe before asks
   * again); otherwise what was found, with nothing deleted.
   */
  async #checkCandidate(found, value, auth) {
    const { provider } = this;
    const candidate = { id: found.id, name: found.name, shown: found.shown };
    const refuse = (why) => ({ kind: "unconfirmed-candidate", candidate, why });
    const ask = provider.ownerOf ?? (found.owner === void 0 ? provider.probe : void 0);
    if (!ask)
      return refuse(`${provider.name} documents no way to tell which organization a value belongs to`);
    let answer;
    try {
      answer = await ask.call(provider, this.#ctx, value);
      noteProbe(answer.kind);
    } catch (error3) {
      noteProbe("error");
      return refuse(`the value could not be checked: ${this.#why(error3)}`);
    }
    if (answer.kind === "dead")
      return {
        kind: "value-refused",
        said: `${provider.name} refused this value itself; its list shows a lookalike, ${listed(found)}, which was left alone`
      };
    if (answer.kind === "inconclusive") {
      if (found.owner === void 0 && auth.kind === "self")
        return "unchecked";
      return refuse(`the value's own answer proves nothing: ${answer.note}`);
    }
    if (found.owner === void 0)
      return "alive";
    if (answer.owner === void 0)
      return refuse(`${provider.name}'s answer to the value names no organization`);
    if (answer.owner !== found.owner)
      return { kind: "other-owner", candidate, owner: answer.owner, listOwner: found.owner };
    return "alive";
  }
  /**
   * What a probe says of a value the provider has no key for (no probe without the value, or
   * with verify off). A probe that fails here fails the key: nothing was deleted to explain.
   */
  async #checkMissing(value) {
    if (value === void 0)
      return { kind: "no-value" };
    if (!this.job.verify)
      return { kind: "not-probed" };
    const answer = await inPhase("check", async () => {
      try {
        const said = await this.provider.probe(this.#ctx, value);
        noteProbe(said.kind);
        return said;
      } catch (error3) {
        noteProbe("error");
        throw error3;
      }
    });
    return answer.kind === "inconclusive" ? { kind: "inconclusive", note: answer.note } : { kind: answer.kind };
  }
  /** The probe after the delete, where there is a value to probe and verify is on. */
  async #checkAfter(value) {
    if (!this.job.verify)
      return { kind: "skipped", because: "verify-off" };
    if (value === void 0)
      return { kind: "skipped", because: "no-value" };
    return this.#probeAfter(value);
  }
  /** What went wrong, as a clause: the failure's message without its provider prefix. */
  #why(error3) {
    return (this.#failed(error3).message ?? "").replace(/^\S+: /, "");
  }
  /** The probe before a delete, with its answer put in words for messages. */
  async #probeBefore(value) {
    try {
      const answer = await this.provider.probe(this.#ctx, value);
      noteProbe(answer.kind);
      if (answer.kind === "inconclusive")
        return { kind: "unknown", note: answer.note };
      return { kind: answer.kind, note: answer.kind === "dead" ? "refused" : "accepted" };
    } catch (error3) {
      noteProbe("error");
      return { kind: "unknown", note: this.#why(error3) };
    }
  }
  /**
   * Asks the value again after the delete, for up to the verify window to allow for
   * propagation: pauses double from the first interval, and the last one ends at the window.
   */
  async #probeAfter(value) {
    const window = this.options.verifyWindowMs ?? VERIFY_WINDOW_MS;
    let gap = this.options.verifyIntervalMs ?? 1e3;
    const started = Date.now();
    for (; ; ) {
      let answer;
      try {
        answer = await this.provider.probe(this.#ctx, value);
        noteProbe(answer.kind);
      } catch (error3) {
        noteProbe("error");
        return { kind: "unknown", note: `the check could not finish: ${this.#why(error3)}` };
      }
      if (answer.kind === "dead")
        return { kind: "dead" };
      if (answer.kind === "inconclusive")
        return { kind: "unknown", note: answer.note };
      const waitedMs = Date.now() - started;
      const pause = Math.min(gap, window - waitedMs);
      if (pause <= 0 || this.options.deadline.remainingMs() < pause)
        return { kind: "alive", waitedMs };
      await sleep(pause, this.options.deadline.signal);
      gap *= 2;
    }
  }
};

// build/revoke/from-alerts.js
var ref = (a) => ({ repository: a.repository, number: a.number, url: a.url });
function alertOnlyResult(alert, provider, outcome, message4, reason) {
  return {
    provider,
    keyRef: alert.secret ? fingerprint(alert.secret) : `alert:${alert.repository}#${alert.number}`,
    outcome,
    verified: null,
    httpStatus: null,
    attempts: 0,
    ...reason ? { reason } : {},
    message: message4,
    durationMs: 0,
    alerts: [{ ...ref(alert), resolved: false }]
  };
}
function planAlerts(alerts, mapping) {
  const keys = /* @__PURE__ */ new Map();
  const done = [];
  for (const alert of alerts) {
    const where = `alert ${alert.repository}#${alert.number}`;
    if (alert.state !== "open") {
      done.push(alertOnlyResult(alert, null, "skipped", `${where} is ${alert.state}: left alone.`));
      continue;
    }
    const provider = providerForSecretType(alert.secretType, alert.displayName, mapping);
    if (!provider) {
      const type = (alert.displayName || alert.secretType || "unknown").slice(0, 80);
      done.push(alertOnlyResult(alert, null, "skipped", `${where}: secret type "${type}" maps to no provider, so it is left open for a person. To revoke such keys, add \`${alert.secretType || type}=<provider>\` to \`secret-types\`.`, "unmapped"));
      continue;
    }
    const adapter = PROVIDERS[provider];
    if (!alert.secret) {
      done.push(alertOnlyResult(alert, provider, "failed", `${where}: GitHub returned no secret for it.`, "unresolvable"));
      continue;
    }
    const asked = adapter.secretTypes?.includes(alert.secretType) ? adapter.fromAlert?.(alert.secretType, alert.secret) : void 0;
    if (asked && "left" in asked) {
      done.push(alertOnlyResult(alert, provider, asked.outcome, `${where}: ${asked.left}. Nothing was sent.`, "unresolvable"));
      continue;
    }
    if (asked && "id" in asked) {
      const id2 = `${provider}\0id\0${asked.id}`;
      const existing2 = keys.get(id2);
      if (existing2)
        existing2.alerts?.push(ref(alert));
      else
        keys.set(id2, { provider, id: asked.id, source: where, alerts: [ref(alert)] });
      continue;
    }
    const problem = /^[\x21-\x7e]{8,1024}$/.test(alert.secret) || adapter.takesLongValue?.(alert.secret) ? adapter.checkValue?.(alert.secret) : "printable characters without spaces";
    if (problem) {
      done.push(alertOnlyResult(alert, provider, "failed", `${where}: its secret is not a whole ${adapter.name} key: expected ${problem}. Nothing was sent.${adapter.secretTypes?.includes(alert.secretType) ? "" : ` Check that the custom pattern for "${alert.secretType}" captures the whole key, and the secret-types mapping.`}`, "invalid-input"));
      continue;
    }
    const id = `${provider}\0${alert.secret}`;
    const existing = keys.get(id);
    if (existing) {
      existing.alerts?.push(ref(alert));
      if (!existing.secretTypes?.includes(alert.secretType))
        existing.secretTypes?.push(alert.secretType);
    } else
      keys.set(id, {
        provider,
        value: alert.secret,
        source: where,
        alerts: [ref(alert)],
        secretTypes: [alert.secretType]
      });
  }
  return { keys: [...keys.values()], unrevocable: done };
}

// build/receipt/receipt.js
import { createHash as createHash5 } from "node:crypto";
import { readFileSync as readFileSync2 } from "node:fs";
import { open as open2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join2 } from "node:path";
import { fileURLToPath } from "node:url";
var PREDICATE_TYPE = "https://github.com/revoke-leaked-keys/revoke-leaked-keys/receipt/v1";
var STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
var RECEIPT_FILE = "revocation-receipt.json";
var PREDICATE_FILE = "revocation-receipt.predicate.json";
var ACTION_VERSION = "0.1.0";
var HEX64 = /^[0-9a-f]{64}$/;
var SHA = /^[0-9a-f]{40}$/;
function receiptDir(env = process.env) {
  return env.RUNNER_TEMP || tmpdir2();
}
function actionIdentity(env = process.env) {
  const ref2 = env.GITHUB_ACTION_REF || null;
  return {
    name: "revoke-leaked-keys",
    version: ACTION_VERSION,
    repository: env.GITHUB_ACTION_REPOSITORY || null,
    ref: ref2,
    commit: ref2 && SHA.test(ref2) ? ref2 : null,
    bundleSha256: bundleDigest()
  };
}
var bundle;
function bundleDigest() {
  if (bundle === void 0) {
    try {
      bundle = createHash5("sha256").update(readFileSync2(fileURLToPath(import.meta.url))).digest("hex");
    } catch {
      bundle = null;
    }
  }
  return bundle;
}
function keyEntry(r, redact) {
  const evidence = r.evidence;
  const fingerprint2 = evidence?.fingerprint && HEX64.test(evidence.fingerprint.slice(7)) ? evidence.fingerprint : null;
  const entry = {
    provider: r.provider,
    keyRef: redact(r.keyRef),
    fingerprint: fingerprint2,
    alerts: (r.alerts ?? []).map((a) => ({
      repository: redact(a.repository),
      number: a.number,
      url: redact(a.url),
      resolved: a.resolved
    })),
    outcome: r.outcome,
    verified: r.verified,
    httpStatus: r.httpStatus
  };
  if (r.reason)
    entry.reason = r.reason;
  if (r.message)
    entry.message = redact(r.message);
  if (r.collateral)
    entry.collateral = {
      id: redact(r.collateral.id),
      ...r.collateral.name !== void 0 ? { name: redact(r.collateral.name) } : {}
    };
  if (r.earlier)
    entry.earlier = {
      runId: redact(r.earlier.runId),
      ...r.earlier.runUrl ? { runUrl: redact(r.earlier.runUrl) } : {}
    };
  entry.operations = (evidence?.operations ?? []).map((op) => operationEntry(op, redact));
  entry.proof = {
    verified: r.verified,
    probes: (evidence?.probes ?? []).map((p) => ({
      phase: p.phase,
      at: new Date(p.at).toISOString(),
      answer: p.answer
    }))
  };
  return entry;
}
function operationEntry(op, redact) {
  const entry = {
    phase: op.phase,
    method: op.method,
    route: redact(op.route),
    status: op.status,
    attempts: op.attempts,
    requestId: op.requestId === null ? null : redact(op.requestId),
    startedAt: new Date(op.startedAt).toISOString(),
    durationMs: op.durationMs
  };
  if (op.error)
    entry.error = op.error;
  if (op.sharedBy !== void 0)
    entry.sharedBy = op.sharedBy;
  return entry;
}
function* predicatePieces(run2, results, redact, env = process.env) {
  const head = {
    action: actionIdentity(env),
    run: {
      repository: redact(run2.repository),
      runId: run2.runId,
      runAttempt: /^\d{1,6}$/.test(env.GITHUB_RUN_ATTEMPT ?? "") ? Number(env.GITHUB_RUN_ATTEMPT) : null,
      workflow: env.GITHUB_WORKFLOW ? redact(env.GITHUB_WORKFLOW) : null,
      url: run2.runUrl ? redact(run2.runUrl) : null,
      mode: run2.mode,
      verify: run2.verify,
      status: run2.status,
      startedAt: run2.startedAt.toISOString(),
      finishedAt: run2.finishedAt.toISOString()
    },
    fingerprint: "sha256-of-whole-value"
  };
  const front = JSON.stringify(head).slice(0, -1);
  if (results.length === 0) {
    yield `${front},"keys":[]}`;
    return;
  }
  yield `${front},"keys":[
`;
  for (let i = 0; i < results.length; i++)
    yield `${JSON.stringify(keyEntry(results[i], redact))}${i + 1 < results.length ? ",\n" : "\n]}"}`;
}
var STATEMENT_HEAD = `{"_type":${JSON.stringify(STATEMENT_TYPE)},"predicateType":${JSON.stringify(PREDICATE_TYPE)},"predicate":`;
var statementTail = (digest) => `,"subject":${JSON.stringify([{ name: PREDICATE_FILE, digest: { sha256: digest } }])}}
`;
var CHUNK2 = 64 * 1024;
async function writeReceipt(dir, run2, results, redact, env = process.env) {
  const path = join2(dir, RECEIPT_FILE);
  const predicatePath = join2(dir, PREDICATE_FILE);
  const predicateHash = createHash5("sha256");
  const statementHash = createHash5("sha256");
  const predicateFile = await open2(predicatePath, "w", 384);
  const statementFile = await open2(path, "w", 384).catch(async (error3) => {
    await predicateFile.close();
    throw error3;
  });
  const write = async (text, toPredicate = true) => {
    const bytes = Buffer.from(text, "utf8");
    statementHash.update(bytes);
    await statementFile.write(bytes);
    if (toPredicate) {
      predicateHash.update(bytes);
      await predicateFile.write(bytes);
    }
  };
  try {
    await write(STATEMENT_HEAD, false);
    let chunk = "";
    for (const piece of predicatePieces(run2, results, redact, env)) {
      chunk += piece;
      if (chunk.length >= CHUNK2) {
        await write(chunk);
        chunk = "";
      }
    }
    if (chunk)
      await write(chunk);
    await write(statementTail(predicateHash.digest("hex")), false);
  } finally {
    await Promise.all([predicateFile.close(), statementFile.close()]);
  }
  return { path, predicatePath, sha256: statementHash.digest("hex") };
}

// build/receipt/publish.js
function clearReceiptOutputs() {
  setOutput("receipt-path", "");
  setOutput("receipt-sha256", "");
  setOutput("receipt-predicate-path", "");
}
async function saveReceipt(run2, results, redactor) {
  try {
    const files = await writeReceipt(receiptDir(), run2, results, (text) => redactor.redact(text));
    setOutput("receipt-path", redactor.redact(files.path));
    setOutput("receipt-predicate-path", redactor.redact(files.predicatePath));
    if (/^[0-9a-f]{64}$/.test(files.sha256))
      setOutput("receipt-sha256", files.sha256);
  } catch (error3) {
    const text = error3 instanceof Error ? error3.message : String(error3);
    warning(`Could not write the revocation receipt: ${redactor.redact(text)}`);
  }
}

// build/plan/plan.js
import { createHash as createHash6 } from "node:crypto";
var PLAN_FILE = "revocation-plan.json";
var FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
var planSchema = object({
  version: literal(1),
  repository: string2(),
  runId: string2(),
  createdAt: string2(),
  keys: array(object({
    provider: _enum(PROVIDER_IDS),
    fingerprint: nullable(string2().check(_regex(FINGERPRINT))),
    id: nullable(string2().check(_regex(/^[\x21-\x7e]{1,4096}$/))),
    alerts: array(object({ repository: string2(), number: number2(), url: string2() })),
    because: string2()
  }))
});
function readApprovalRules(raw) {
  const rules = [];
  for (const line of raw.split(/\r?\n/).map((l) => l.trim())) {
    if (!line || line.startsWith("#"))
      continue;
    if (line === "*") {
      rules.push({ kind: "all", value: "*", text: "*" });
      continue;
    }
    const match = /^(provider|secret-type|key-kind):\s*(\S{1,100})$/.exec(line);
    const kind = match?.[1];
    const value = match?.[2] ?? "";
    if (!kind)
      throw new InputError("approval-required", `Input 'approval-required' line '${line.slice(0, 60)}' is not valid: expected provider:<id>, secret-type:<type>, key-kind:<kind> or *.`, line.slice(0, 60));
    if (kind === "provider" && !PROVIDER_IDS.includes(value.toLowerCase()))
      throw new InputError("approval-required", `Input 'approval-required' names no provider in '${line.slice(0, 60)}': expected one of ${PROVIDER_IDS.join(", ")}.`, line.slice(0, 60));
    rules.push({
      kind,
      value: kind === "provider" ? value.toLowerCase() : value,
      text: `${kind}:${value}`
    });
  }
  return rules;
}
function approvalRuleFor(key, rules) {
  return rules.find((rule) => {
    switch (rule.kind) {
      case "all":
        return true;
      case "provider":
        return key.provider === rule.value;
      case "secret-type":
        return key.secretTypes?.includes(rule.value) === true;
      case "key-kind":
        return PROVIDERS[key.provider].keyKind?.({ id: key.id, value: key.value }) === rule.value;
    }
  });
}
function planName(key) {
  return key.value !== void 0 ? `${key.provider}\0${valueDigest(key.value)}` : `${key.provider}\0id:${key.id ?? ""}`;
}
function plannedKey(key, because, redact) {
  const fingerprint2 = key.value !== void 0 ? valueDigest(key.value) : null;
  return {
    provider: key.provider,
    fingerprint: fingerprint2,
    id: fingerprint2 === null && key.id !== void 0 ? redact(key.id) : null,
    alerts: (key.alerts ?? []).map((a) => ({
      repository: redact(a.repository),
      number: a.number,
      url: redact(a.url)
    })),
    because: redact(because)
  };
}
function planText(plan) {
  return JSON.stringify(plan);
}
function sha256Hex(text) {
  return createHash6("sha256").update(text, "utf8").digest("hex");
}
function verifiedPlan(text, input, digest) {
  const expected = digest.trim().toLowerCase().replace(/^sha256:/, "");
  if (!/^[0-9a-f]{64}$/.test(expected))
    throw new InputError("plan-sha256", "Input 'plan-sha256' is not valid: expected the 64 hex characters of the plan job's plan-sha256 output. Nothing was sent.");
  if (sha256Hex(text) !== expected)
    throw new InputError("plan-sha256", `The plan in '${input}' does not have the sha256 given in 'plan-sha256': it is not the plan that was approved (changed, or from another run). Nothing was sent.`);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = void 0;
  }
  const plan = planSchema.safeParse(parsed);
  if (!plan.success)
    throw new InputError(input, `The plan in '${input}' is not a plan this action wrote (its digest matches, but it does not read as one). Nothing was sent.`);
  return plan.data;
}

// build/plan/gate.js
function leftAlone(key, keyRef, message4) {
  return {
    provider: key.provider,
    keyRef,
    outcome: "skipped",
    verified: null,
    httpStatus: null,
    attempts: 0,
    message: message4,
    durationMs: 0,
    ...key.alerts ? { alerts: key.alerts.map((a) => ({ ...a, resolved: false })) } : {}
  };
}
function keyRefOf(key) {
  return key.id !== void 0 && !key.value?.includes(key.id) ? key.id : fingerprint(key.value ?? "");
}
function gateKeys(mode, rules, plan, keys) {
  if (mode === "plan") {
    const gate2 = { now: [], held: [], untouched: [] };
    for (const key of keys) {
      const rule = approvalRuleFor(key, rules);
      if (rule)
        gate2.held.push({ key, because: rule.text });
      else
        gate2.now.push(key);
    }
    return gate2;
  }
  if (mode !== "apply" || !plan)
    return { now: [...keys], held: [], untouched: [] };
  const planned = new Map(plan.keys.map((k) => [
    k.fingerprint !== null ? `${k.provider}\0${k.fingerprint}` : `${k.provider}\0id:${k.id}`,
    k
  ]));
  const gate = { now: [], held: [], untouched: [] };
  for (const key of keys) {
    const name = planName(key);
    if (planned.delete(name))
      gate.now.push(key);
    else
      gate.untouched.push(leftAlone(key, keyRefOf(key), "Not in the approved plan: left alone (nothing sent)."));
  }
  for (const k of planned.values())
    gate.untouched.push(leftAlone({
      provider: k.provider,
      ...k.id !== null ? { id: k.id } : {},
      alerts: k.alerts
    }, k.fingerprint !== null ? k.fingerprint.slice(0, "sha256:".length + 12) : k.id ?? "", "In the approved plan, but this run did not find it (its alert is no longer open, or the key was not given): nothing sent. Check the key by hand."));
  return gate;
}

// build/plan/publish.js
import { writeFile as writeFile2 } from "node:fs/promises";
import { join as join3 } from "node:path";
function clearPlanOutputs() {
  for (const name of ["plan", "plan-sha256", "plan-path"])
    setOutput(name, "");
  setOutput("plan-keys", "0");
}
function heldResults(held, results) {
  return results.map((r, i) => r.outcome === "dry-run" ? {
    ...r,
    message: `Awaiting approval (approval-required: ${held[i]?.because ?? "?"}); in the plan. ${r.message ?? ""}`.trim()
  } : r);
}
async function savePlan(dir, run2, held, results, redactor) {
  const redact = (text2) => redactor.redact(text2);
  const plan = {
    version: 1,
    repository: run2.repository,
    runId: run2.runId,
    createdAt: (/* @__PURE__ */ new Date()).toISOString(),
    keys: held.filter((_, i) => results[i]?.outcome === "dry-run").map(({ key, because }) => plannedKey(key, because, redact))
  };
  const text = planText(plan);
  const path = join3(dir, PLAN_FILE);
  await writeFile2(path, text, { mode: 384 });
  setOutput("plan", text);
  setOutput("plan-sha256", sha256Hex(text));
  setOutput("plan-path", redact(path));
  setOutput("plan-keys", String(plan.keys.length));
  info(`Plan: ${plan.keys.length} key(s) await approval; apply them with mode: apply, this plan and plan-sha256 ${sha256Hex(text)}.`);
  return plan;
}

// build/settings/inputs.js
var booleanInput = pipe(pipe(string2().check(_trim(), _toLowerCase()), _enum(["true", "false"])), transform((v) => v === "true"));
var issueNumberInput = pipe(string2().check(_trim(), _regex(/^[1-9]\d{0,9}$/)), transform(Number));
var timeoutInput = pipe(pipe(string2().check(_trim(), _regex(/^\d{1,6}$/)), transform(Number)), int().check(_gte(10), _lte(21600)));
var tokenText = string2().check(_regex(/^[\x21-\x7e]{8,4096}$/));
function parse2(name, schema, raw, expected, secret = false) {
  const result = schema.safeParse(raw);
  if (result.success)
    return result.data;
  const shown = secret ? "" : ` ('${raw.trim().slice(0, 40).replace(/[^\x20-\x7e]/g, "?")}')`;
  throw new InputError(name, `Input '${name}'${shown} is not valid: expected ${expected}.`, shown || void 0);
}
function optional2(read, name, schema, expected, fallback) {
  const raw = read(name);
  return raw.trim() === "" ? fallback : parse2(name, schema, raw, expected);
}
function lines(raw) {
  return [
    ...new Set(raw.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0))
  ];
}

// build/settings/provider.js
var ACCEPTED_PROVIDERS = PROVIDER_IDS.join(", ");
var WITHOUT_OWN_FORMAT = PROVIDER_IDS.filter((id) => !PROVIDERS[id].ownsKeyFormat).join(", ").replace(/, ([^,]*)$/, " and $1");
function chooseProvider(raw, values, ids) {
  if (raw.trim()) {
    const found = findProvider(raw);
    if (!found) {
      const shown = raw.trim();
      const echo = /^[A-Za-z0-9. _-]{1,16}$/.test(shown) ? ` ('${shown}')` : "";
      throw new InputError("provider", `Input 'provider'${echo} is not supported: expected one of ${ACCEPTED_PROVIDERS}.`, echo || void 0);
    }
    return found.id;
  }
  if (ids.length > 0 && values.length === 0) {
    throw new InputError("provider", `Input 'provider' is required with 'key-id': expected one of ${ACCEPTED_PROVIDERS}.`);
  }
  const inferred = new Set(values.map((v) => providerForValue(v)?.id));
  const only = [...inferred][0];
  if (inferred.size === 1 && only)
    return only;
  if (inferred.size > 1 && !inferred.has(void 0)) {
    throw new InputError("provider", "Input 'key' holds keys of different providers: run the action once per provider.");
  }
  throw new InputError("provider", `Input 'provider' is required: the key's format does not name one provider (${WITHOUT_OWN_FORMAT} keys have no format of their own). Expected one of ${ACCEPTED_PROVIDERS}.`);
}

// build/settings/secret-types.js
function readSecretTypes(raw) {
  const mapping = /* @__PURE__ */ new Map();
  raw.split(/\r?\n/).forEach((text, i) => {
    const line = text.trim();
    if (!line || line.startsWith("#"))
      return;
    const eq = line.lastIndexOf("=");
    const type = line.slice(0, eq).trim();
    const provider = findProvider(line.slice(eq + 1));
    if (eq < 1 || !type || !provider) {
      throw new InputError("secret-types", `Input 'secret-types' line ${i + 1} is not valid: expected secret_type=provider, with provider one of ${ACCEPTED_PROVIDERS}.`);
    }
    mapping.set(type, provider.id);
  });
  return mapping;
}

// build/settings/alerts.js
function readAlertSettings(read, token) {
  const mode = optional2(read, "alerts", pipe(string2().check(_trim(), _toLowerCase()), _enum(["none", "open"])), "'none' or 'open'", "none");
  const scope = optional2(read, "alerts-scope", pipe(string2().check(_trim(), _toLowerCase()), _enum(["repo", "org"])), "'repo' or 'org'", "repo");
  const org = optional2(read, "org", string2().check(_trim(), _regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/)), "an organization login", void 0);
  const alertNumber = optional2(read, "alert-number", issueNumberInput, "an alert number", void 0);
  return {
    sweep: mode === "open",
    scope,
    org,
    alertNumber,
    secretTypes: readSecretTypes(read("secret-types")),
    resolve: optional2(read, "resolve-alerts", booleanInput, "'true' or 'false'", true),
    resolveNotFound: optional2(read, "resolve-not-found-alerts", booleanInput, "'true' or 'false'", false),
    token
  };
}

// build/settings/base-urls.js
function readBaseUrls(read, env) {
  const baseUrls = {};
  for (const id of PROVIDER_IDS) {
    const input = apiUrlInput(PROVIDERS[id]);
    const name = input ?? "GITHUB_API_URL";
    const raw = input ? read(input).trim() : (env.GITHUB_API_URL ?? "").trim();
    if (!raw) {
      baseUrls[id] = new URL(PROVIDERS[id].defaultBaseUrl);
      continue;
    }
    const checked = checkBaseUrl(raw);
    if ("error" in checked)
      throw new InputError(name, `${input ? `Input '${name}'` : name} ${checked.error}.`);
    baseUrls[id] = checked.url;
  }
  return baseUrls;
}

// build/settings/key-from-input.js
var DISPATCH_INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;
function readKeyFromInput(read, event) {
  const name = read("key-from-input").trim();
  const raw = event?.inputs;
  const inputs = event?.name === "workflow_dispatch" && raw && typeof raw === "object" && !Array.isArray(raw) ? raw : void 0;
  if (!name)
    return { name, values: [], secrets: [], inputs };
  const held = inputs && Object.hasOwn(inputs, name) ? inputs[name] : void 0;
  const values = typeof held === "string" ? lines(held) : [];
  const isValue = held === void 0 && Object.values(inputs ?? {}).some((v) => typeof v === "string" && v.trim() === name);
  return { name, values, secrets: isValue ? [...values, name] : values, inputs };
}
function keyFromInputValues(fromInput, keyGiven, event, otherwise) {
  if (keyGiven)
    throw new InputError("key-from-input", `Inputs 'key' and 'key-from-input' cannot be used together: give the key one way. Prefer 'key-from-input', which keeps the value out of the step's log.`);
  if (event?.name !== "workflow_dispatch") {
    const started = /^[a-z_]{1,40}$/.test(event?.name ?? "") ? `'${event?.name}'` : "another event";
    throw new InputError("key-from-input", `Input 'key-from-input' reads the key from an input of the workflow_dispatch event, but this run was started by ${started}, which has none. Use it in a workflow that runs on workflow_dispatch; otherwise give 'key-id' or 'alert-number'.`);
  }
  if (fromInput.secrets.includes(fromInput.name))
    throw new InputError("key-from-input", `Input 'key-from-input' holds the value of a workflow_dispatch input, not its name. Write the name (for example 'key-from-input: leaked-key'), never an expression such as \${{ inputs.leaked-key }}: the runner printed this value in the step's log before the action started. Revoke the key anyway, then delete this workflow run.`);
  if (!DISPATCH_INPUT_NAME.test(fromInput.name))
    throw new InputError("key-from-input", `Input 'key-from-input' is not valid: expected the name of a workflow_dispatch input (a letter or _, then letters, digits, - or _), for example 'leaked-key'.`);
  const inputs = fromInput.inputs ?? {};
  if (!Object.hasOwn(inputs, fromInput.name)) {
    if (otherwise)
      return [];
    const names = Object.keys(inputs).filter((n) => DISPATCH_INPUT_NAME.test(n));
    throw new InputError("key-from-input", `Input 'key-from-input' names the workflow_dispatch input '${fromInput.name}', but this run has no input of that name (${names.length > 0 ? `its inputs: ${names.slice(0, 25).join(", ")}` : "it has no inputs"}). Declare it under on.workflow_dispatch.inputs, or correct the name.`, `'${fromInput.name}'`);
  }
  if (typeof inputs[fromInput.name] !== "string")
    throw new InputError("key-from-input", `Input 'key-from-input' names the workflow_dispatch input '${fromInput.name}', which does not hold text: declare it with type: string.`, `'${fromInput.name}'`);
  if (fromInput.values.length === 0 && !otherwise)
    throw new InputError("key-from-input", `Input 'key-from-input' names the workflow_dispatch input '${fromInput.name}', which is empty: start the run again and type the leaked key into it (or give the key's id, or its alert's number).`, `'${fromInput.name}'`);
  return fromInput.values;
}
function fromDispatch(used, name, readKeys2) {
  if (!used)
    return readKeys2();
  try {
    return readKeys2();
  } catch (error3) {
    if (!(error3 instanceof InputError) || error3.input !== "key")
      throw error3;
    throw new InputError("key-from-input", error3.message.replaceAll("'key'", `'key-from-input' (input '${name}')`), error3.echo);
  }
}

// build/settings/keys.js
var MAX_KEYS = 1e3;
function readKeys(providerRaw, values, ids) {
  if (values.length === 0 && ids.length === 0) {
    throw new InputError("key", "Input 'key' or 'key-id' is required: the leaked key value, or its id at the provider. In a workflow_dispatch run, name the input that holds the key with 'key-from-input' instead of 'key'.");
  }
  if (values.length > 0 && ids.length > 0 && values.length !== ids.length) {
    throw new InputError("key-id", `Input 'key-id' has ${ids.length} line(s) and 'key' has ${values.length}: when both are given, line N of 'key-id' must be the id of line N of 'key'.`);
  }
  if (Math.max(values.length, ids.length) > MAX_KEYS) {
    throw new InputError("key", `Inputs 'key' and 'key-id' take at most ${MAX_KEYS} keys per run.`);
  }
  values.forEach((value, i) => {
    if (!/^[\x21-\x7e]{8,1024}$/.test(value) && !takesLongValue(value)) {
      throw new InputError("key", `Input 'key' line ${i + 1} is not a key: expected 8 to 1024 printable characters without spaces.`);
    }
  });
  const provider = chooseProvider(providerRaw, values, ids);
  const adapter = PROVIDERS[provider];
  ids.forEach((id, i) => {
    const problem = adapter.checkId(id);
    if (problem)
      throw new InputError("key-id", `Input 'key-id' line ${i + 1} is not ${withArticle(adapter.name)} key id: expected ${problem}.`);
  });
  const owns = adapter.ownsKeyFormat?.bind(adapter);
  values.forEach((value, i) => {
    const before = values[i - 1];
    if (owns && before !== void 0 && owns(before) && !owns(value))
      throw new InputError("key", `Input 'key' line ${i + 1} does not start like ${withArticle(adapter.name)} key, and line ${i} does: is one key cut short, or wrapped onto two lines? Put each key whole on one line; if line ${i + 1} is a key id, give it in \`key-id\` instead.`);
  });
  values.forEach((value, i) => {
    const problem = adapter.checkValue?.(value);
    if (problem)
      throw new InputError("key", `Input 'key' line ${i + 1} is not ${withArticle(adapter.name)} key: expected ${problem}.`);
  });
  const count = Math.max(values.length, ids.length);
  return Array.from({ length: count }, (_, i) => {
    const request = {
      provider,
      source: ids[i] !== void 0 ? `key-id line ${i + 1}` : `key line ${i + 1}`
    };
    if (ids[i] !== void 0)
      request.id = ids[i];
    if (values[i] !== void 0)
      request.value = values[i];
    return request;
  });
}

// build/settings/plan-inputs.js
import { readFileSync as readFileSync3 } from "node:fs";
function readPlanSettings(read) {
  const mode = optional2(read, "mode", pipe(string2().check(_trim(), _toLowerCase()), _enum(["revoke", "plan", "apply"])), "'revoke', 'plan' or 'apply'", "revoke");
  const rules = readApprovalRules(read("approval-required"));
  if (rules.length > 0 && mode !== "plan")
    throw new InputError("approval-required", "Input 'approval-required' applies only with mode: plan (the keys it names go into the plan; the others are revoked at once).");
  const inline = read("plan").trim();
  const file = read("plan-file").trim();
  const digest = read("plan-sha256").trim();
  if (mode !== "apply") {
    const stray = inline ? "plan" : file ? "plan-file" : digest ? "plan-sha256" : void 0;
    if (stray)
      throw new InputError(stray, `Input '${stray}' applies only with mode: apply.`);
    return {
      mode,
      approval: mode === "plan" && rules.length === 0 ? [{ kind: "all", value: "*", text: "*" }] : rules,
      plan: void 0
    };
  }
  if (Boolean(inline) === Boolean(file))
    throw new InputError(inline ? "plan-file" : "plan", "mode: apply needs the approved plan in exactly one of 'plan' (the plan job's plan output) or 'plan-file' (its plan file, from an artifact).");
  if (!digest)
    throw new InputError("plan-sha256", "mode: apply needs 'plan-sha256': the plan job's plan-sha256 output, which proves the plan is the one approved.");
  let text = inline;
  if (file) {
    try {
      text = readFileSync3(file, "utf8");
    } catch (error3) {
      const code = error3.code;
      throw new InputError("plan-file", `Input 'plan-file' could not be read${typeof code === "string" ? ` (${code})` : ""}: give the path of the plan file downloaded from the plan job's artifact.`);
    }
  }
  return { mode, approval: [], plan: verifiedPlan(text, inline ? "plan" : "plan-file", digest) };
}

// build/settings/secret-inputs.js
function readSecretInputs(read, redactor, event, env = process.env) {
  const secrets = readSecrets(read, event, env);
  for (const p of Object.values(PROVIDERS))
    for (const name of p.credentialEnv ?? [])
      if (env[name]?.trim())
        redactor.add(env[name].trim());
  for (const text of [read("key"), ...secrets.fromInput.values])
    for (const piece of secretFormsOf(text))
      redactor.add(piece);
  secrets.keyValues = pastedForms(secrets.keyValues);
  secrets.fromInput = { ...secrets.fromInput, values: pastedForms(secrets.fromInput.values) };
  for (const secret of [
    ...secrets.tokens.map(([, raw]) => raw),
    secrets.githubToken,
    secrets.alertsToken,
    // Rotation's token (src/rotate/settings.ts reads and checks it).
    read("secrets-token").trim(),
    ...secrets.keyValues,
    ...secrets.fromInput.secrets
  ]) {
    if (secret)
      for (const form of [secret, ...secretFormsOf(secret)])
        redactor.add(form);
  }
  for (const name of PLAIN_INPUTS) {
    for (const found of read(name).match(anyKeyShape()) ?? [])
      redactor.add(found);
    for (const line of [read(name), ...lines(read(name))])
      if (takesLongValue(line))
        for (const form of [line.trim(), ...secretFormsOf(line)])
          redactor.add(form);
  }
  const warnings = [];
  const pasted = pastedIntoKeyId(read, secrets.keyValues.length > 0 || secrets.fromInput.name !== "");
  if (pasted) {
    secrets.keyValues = pasted;
    warnings.push("Input 'key-id' holds a key value, not an id: it is revoked as the value it is. The runner printed every `with:` value in this step's log before the action started, so delete this workflow run's logs too; next time give the key in 'key-from-input' (or 'key' from a secret) and only an id in 'key-id'.");
  }
  const reader = pasted ? (name) => name === "key-id" ? "" : read(name) : read;
  return { secrets, read: reader, warnings };
}
var PLAIN_INPUTS = [
  "provider",
  "key-id",
  "key-from-input",
  "issue-number",
  "report-key",
  "org",
  "alert-number",
  "secret-types",
  "rotate-into",
  "rotate-secrets"
];
function anyKeyShape() {
  return new RegExp(keyShapes().map((shape) => `(?:${shape.source})`).join("|"), "g");
}
function pastedIntoKeyId(read, valueGiven) {
  const ids = lines(read("key-id"));
  const whole = new RegExp(`^(?:${anyKeyShape().source})$`);
  const keyLines = ids.flatMap((id, i) => whole.test(id) || takesLongValue(id) ? [i + 1] : []);
  if (keyLines.length === 0)
    return void 0;
  if (keyLines.length < ids.length || valueGiven)
    throw new InputError("key-id", `Input 'key-id' line(s) ${keyLines.join(", ")} hold a key value, not an id. It is masked, and nothing was sent. Give key values in 'key-from-input' (or 'key' from a secret) and only ids in 'key-id'; the runner printed every \`with:\` value in this step's log, so delete this workflow run's logs too.`);
  return ids;
}
function pastedForms(values) {
  for (const p of Object.values(PROVIDERS)) {
    const joined = p.pastedForms?.(values);
    if (joined)
      return joined;
  }
  return values;
}
function readSecrets(read, event, env) {
  return {
    tokens: PROVIDER_IDS.flatMap((id) => {
      const input = tokenInput(PROVIDERS[id]);
      if (input)
        return [[id, read(input).trim()]];
      const fromEnv = PROVIDERS[id].credentialFromEnv?.(env);
      return fromEnv ? [[id, fromEnv]] : [];
    }),
    githubToken: read("github-token").trim(),
    alertsToken: read("alerts-token").trim(),
    keyValues: lines(read("key")),
    fromInput: readKeyFromInput(read, event)
  };
}
function readTokens(given) {
  const tokens = {};
  for (const [id, raw] of given) {
    if (!raw)
      continue;
    const env = PROVIDERS[id].credentialEnv;
    if (env) {
      const problem2 = PROVIDERS[id].checkToken?.(raw);
      if (problem2)
        throw new InputError(env[0] ?? `${id}-token`, `The ${PROVIDERS[id].name} credentials in the environment (${env.join(", ")}) are not valid: expected ${problem2}.`);
      tokens[id] = raw;
      continue;
    }
    const token = parse2(`${id}-token`, tokenText, raw, "a single-line token of 8 or more characters without spaces", true);
    const problem = PROVIDERS[id].checkToken?.(token);
    if (problem)
      throw new InputError(`${id}-token`, `Input '${id}-token' is not valid: expected ${problem}.`);
    tokens[id] = token;
  }
  return tokens;
}

// build/settings/rotation.js
var SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]{0,199}$/i;
var ENVIRONMENT = /^[\x20-\x2e\x30-\x7e]{1,255}$/;
var ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]{0,199}$/;
var EXPECTED5 = "repo:NAME, env:ENVIRONMENT/NAME or org:NAME (an Actions secret of this repository, one of its environments, or its organization)";
function parseSecretRef(text) {
  const match = /^(repo|env|org):(.+)$/.exec(text.trim());
  if (!match)
    return void 0;
  const [, scope, rest2 = ""] = match;
  if (scope === "env") {
    const slash = rest2.lastIndexOf("/");
    const environment = rest2.slice(0, slash).trim();
    const name2 = rest2.slice(slash + 1).trim();
    if (slash < 1 || !ENVIRONMENT.test(environment) || !SECRET_NAME.test(name2))
      return void 0;
    return { scope: "env", environment, name: name2 };
  }
  const name = rest2.trim();
  if (!SECRET_NAME.test(name))
    return void 0;
  return scope === "repo" ? { scope: "repo", name } : { scope: "org", name };
}
function readRotation(read, env, redactor, run2) {
  const into = read("rotate-into").trim();
  const listed2 = lines(read("rotate-secrets"));
  const rawToken = read("secrets-token").trim();
  if (rawToken)
    redactor.add(rawToken);
  const values = listed2.map((line) => {
    const [, envVar = ""] = /=\s*(\S+)\s*$/.exec(line) ?? [];
    const ref2 = parseSecretRef(line.replace(/=\s*\S+\s*$/, ""));
    const name = envVar || ref2?.name || "";
    const value = ENV_VAR.test(name) ? env[name] ?? "" : "";
    if (value)
      redactor.add(value);
    return { line, ref: ref2, name, value };
  });
  if (!into && listed2.length === 0) {
    if (rawToken)
      throw new InputError("secrets-token", "Input 'secrets-token' is given, but neither 'rotate-into' nor 'rotate-secrets' says which secret holds the key: give one of them, or leave 'secrets-token' out to revoke without a replacement.");
    return void 0;
  }
  const using = into ? "rotate-into" : "rotate-secrets";
  if (into && listed2.length > 0)
    throw new InputError("rotate-into", "Give either 'rotate-into' (the secret that holds the run's one key) or 'rotate-secrets' (secrets to match by value), not both.");
  if (!rawToken)
    throw new InputError("secrets-token", `Input '${using}' needs 'secrets-token': a token that may write Actions secrets (a GitHub App installation token with "Secrets: write", minted per run by actions/create-github-app-token; the workflow's GITHUB_TOKEN cannot write secrets).`);
  const token = parse2("secrets-token", tokenText, rawToken, "a single-line token of 8 or more characters without spaces", true);
  if (into) {
    const named = parseSecretRef(into);
    if (!named)
      throw new InputError("rotate-into", `Input 'rotate-into' is not valid: expected ${EXPECTED5}.`);
    if (run2.alertDriven || run2.keyCount !== 1)
      throw new InputError("rotate-into", `Input 'rotate-into' names one secret for one key, and this run ${run2.alertDriven ? "revokes the keys of alerts" : `gives ${run2.keyCount} keys`}: give one key in 'key' (or 'key-from-input'), or match secrets by value with 'rotate-secrets'.`);
    return { token, named };
  }
  const candidates = [];
  const seen = /* @__PURE__ */ new Map();
  values.forEach(({ ref: ref2, name, value }, i) => {
    const where = `Input 'rotate-secrets' line ${i + 1}`;
    if (!ref2)
      throw new InputError("rotate-secrets", `${where} is not valid: expected ${EXPECTED5}, optionally followed by =ENV_VAR (the step's environment variable that holds its current value; default: the secret's name).`);
    if (!ENV_VAR.test(name))
      throw new InputError("rotate-secrets", `${where}: '${name}' is not an environment variable name.`);
    const earlier = seen.get(name);
    if (earlier !== void 0)
      throw new InputError("rotate-secrets", `${where} reads the same environment variable (${name}) as line ${earlier}: one value cannot tell two secrets apart. Name each line's variable with =ENV_VAR.`);
    seen.set(name, i + 1);
    if (!value)
      throw new InputError("rotate-secrets", `${where}: the step's environment has no ${name}, or it is empty. Hand the secret's current value to the step: env: ${name}: \${{ secrets.${ref2.name} }}.`);
    candidates.push({ secret: ref2, value });
  });
  return { token, candidates };
}

// build/settings/settings.js
function readSettings(read, redactor, options = {}) {
  const { secrets, read: reader, warnings } = readSecretInputs(read, redactor, options.event, options.env ?? process.env);
  try {
    return {
      ...readChecked(reader, options, secrets, redactor),
      warnings
    };
  } catch (error3) {
    if (error3 instanceof InputError && error3.echo && redactor.scrub(error3.echo) !== error3.echo) {
      throw new InputError(error3.input, error3.message.replace(error3.echo, ""));
    }
    throw error3;
  }
}
function readChecked(read, options, secrets, redactor) {
  const { githubToken: githubRaw, alertsToken: alertsTokenRaw, keyValues, fromInput } = secrets;
  const tokens = readTokens(secrets.tokens);
  const ids = lines(read("key-id"));
  const baseUrls = readBaseUrls(read, options.env ?? process.env);
  const alerts = readAlertSettings(read, alertsTokenRaw || githubRaw || void 0);
  const alertDriven = alerts.sweep || alerts.alertNumber !== void 0 || options.relay === true;
  const dispatched = fromInput.name !== "";
  const values = dispatched ? keyFromInputValues(fromInput, keyValues.length > 0, options.event, alertDriven || ids.length > 0) : keyValues;
  if (!alertDriven && values.length === 0 && ids.length === 0 && options.event?.name === "repository_dispatch")
    throw new InputError("client_payload", `This run was started by repository_dispatch, but its client_payload carries no secret scanning alert. Expected client_payload: ${RELAY_PAYLOADS}. To revoke a key without an alert, give 'key-id' or 'alert-number'.`);
  const keys = alertDriven && values.length === 0 && ids.length === 0 ? [] : fromDispatch(dispatched, fromInput.name, () => readKeys(read("provider"), values, ids).map((k) => dispatched ? { ...k, source: k.source.replace(/^key line/, "key-from-input line") } : k));
  const dryRun = optional2(read, "dry-run", booleanInput, "'true' or 'false'", false);
  const rotation = readRotation(read, options.env ?? process.env, redactor, {
    keyCount: keys.length,
    alertDriven,
    dryRun
  });
  return {
    keys,
    tokens,
    flags: readFlags(read),
    baseUrls,
    ...readPlanSettings(read),
    verify: optional2(read, "verify", booleanInput, "'true' or 'false'", true),
    dryRun,
    ...rotation ? { rotation } : {},
    githubToken: githubRaw || void 0,
    issueNumber: optional2(read, "issue-number", issueNumberInput, "an issue or pull request number", void 0),
    failOnError: optional2(read, "fail-on-error", booleanInput, "'true' or 'false'", true),
    timeoutMs: optional2(read, "timeout-seconds", timeoutInput, "a whole number of seconds from 10 to 21600", 600) * 1e3,
    alerts,
    createIssue: optional2(read, "create-issue", booleanInput, "'true' or 'false'", false),
    reportKey: optional2(read, "report-key", string2().check(_trim(), _regex(/^[A-Za-z0-9._-]{1,64}$/)), "up to 64 letters, digits, ., - or _ (for example ${{ strategy.job-index }})", void 0)
  };
}
function readFlags(read) {
  const flags = {};
  for (const p of Object.values(PROVIDERS)) {
    const names = Object.keys(p.flags ?? {});
    if (names.length === 0)
      continue;
    flags[p.id] = Object.fromEntries(names.map((name) => [name, optional2(read, name, booleanInput, "'true' or 'false'", false)]));
  }
  return flags;
}

// build/main.js
config(en_default());
var message3 = (error3) => error3 instanceof Error ? error3.message : String(error3);
async function run() {
  const startedAt = /* @__PURE__ */ new Date();
  setOutputs(DEFAULT_OUTPUTS, new Redactor());
  clearReceiptOutputs();
  clearPlanOutputs();
  const redactor = new Redactor((secret) => setSecret(secret), keyShapes());
  const ctx = readContext();
  const reportPath = reportFilePath();
  const known = [];
  let resources;
  let dryRun = false;
  let verify = true;
  let mode = "revoke";
  try {
    const { settings, relay, apiUrl } = readRunSettings(ctx, redactor);
    for (const warning2 of settings.warnings)
      warning(warning2);
    dryRun = settings.dryRun;
    verify = settings.verify;
    mode = settings.mode;
    resources = new RunResources(settings.timeoutMs, apiUrl, redactor);
    const plan = await keysToRevoke(settings, ctx, relay, resources, redactor);
    const gate = gateKeys(settings.mode, settings.approval, settings.plan, plan.keys);
    known.push(...plan.unrevocable, ...gate.untouched);
    const { results, unresolved } = await revokeAndResolve(settings, ctx, gate.now, resources, redactor, (r) => known.push(r));
    const held = await identifyHeld(settings, gate.held, resources, redactor);
    known.push(...held);
    if (settings.mode === "plan")
      await savePlan(receiptDir(), ctx, gate.held, held, redactor);
    const all = [...results, ...held, ...plan.unrevocable, ...gate.untouched];
    await report(settings, ctx, all, unresolved, resources, redactor, reportPath);
    const status = runStatus(all, settings.dryRun);
    await saveReceipt(receiptRun(ctx, status, mode, dryRun, verify, startedAt), all, redactor);
  } catch (error3) {
    const status = await reportFailure(error3, known, dryRun, redactor, reportPath);
    await saveReceipt(receiptRun(ctx, status, mode, dryRun, verify, startedAt), known, redactor);
  } finally {
    await resources?.close();
  }
}
function receiptRun(ctx, status, mode, dryRun, verify, startedAt) {
  return {
    repository: ctx.repository,
    runId: ctx.runId,
    runUrl: runUrl(ctx),
    status,
    mode: dryRun ? "dry-run" : mode,
    verify,
    startedAt,
    finishedAt: /* @__PURE__ */ new Date()
  };
}
function readRunSettings(ctx, redactor) {
  const relayed = relayedAlert(ctx.eventName, ctx.event, ctx.repository);
  const settings = readSettings((name) => getInput(name), redactor, {
    relay: relayed !== void 0,
    event: { name: ctx.eventName, inputs: ctx.event?.inputs }
  });
  if (relayed && "error" in relayed)
    throw new InputError("client_payload", relayed.error);
  const api = checkBaseUrl(ctx.apiUrl);
  if ("error" in api)
    throw new InputError("GITHUB_API_URL", `GITHUB_API_URL ${api.error}.`);
  return { settings, relay: relayed, apiUrl: api.url };
}
function alertSource(settings, ctx, relay) {
  if (relay)
    return { kind: "one", repository: relay.repository, number: relay.number };
  if (settings.alerts.alertNumber !== void 0)
    return { kind: "one", repository: ctx.repository, number: settings.alerts.alertNumber };
  if (!settings.alerts.sweep)
    return void 0;
  if (settings.alerts.scope === "org")
    return { kind: "sweep", scope: "org", org: settings.alerts.org ?? ctx.owner };
  return { kind: "sweep", scope: "repo", repository: ctx.repository };
}
async function keysToRevoke(settings, ctx, relay, resources, redactor) {
  const source = alertSource(settings, ctx, relay);
  if (!source)
    return { keys: settings.keys, unrevocable: [] };
  const gh = await resources.github(settings.alerts.token);
  if (!gh)
    throw new InputError("alerts-token", 'Alert-driven runs need `alerts-token` (or `github-token`) with the "Secret scanning alerts" permission.');
  const { alerts, unreadable, more } = await collectAlerts(gh, source, redactor);
  if (unreadable > 0)
    warning(`${unreadable} alert(s) in GitHub's answer could not be read and were left alone.`);
  if (more)
    warning(`GitHub lists more open alerts than one run reads (${alerts.length + unreadable}): run again for the rest.`);
  info(`Found ${alerts.length} alert(s).`);
  const plan = planAlerts(alerts, settings.alerts.secretTypes);
  return { keys: [...settings.keys, ...plan.keys], unrevocable: plan.unrevocable };
}
async function revokeAndResolve(settings, ctx, keys, resources, redactor, onResult) {
  const resolving = keys.some((k) => k.alerts?.length) && settings.alerts.resolve && !settings.dryRun;
  const gh = resolving ? await resources.github(settings.alerts.token) : void 0;
  const resolver = gh && new AlertResolver(gh, {
    verify: settings.verify,
    resolveNotFound: settings.alerts.resolveNotFound,
    runUrl: runUrl(ctx)
  }, (text) => warning(text), () => earlierEvidence(settings, ctx, resources));
  const rotation = settings.rotation && !settings.dryRun ? await rotator(settings.rotation, ctx, resources, redactor) : void 0;
  const results = await revokeKeys({ ...settings, keys }, {
    connections: resources.connections,
    deadline: resources.deadline,
    redactor,
    ...rotation ? { rotation } : {},
    onResult(result) {
      onResult(result);
      resolver?.add(result);
    }
  });
  if (!resolver)
    return { results, unresolved: /* @__PURE__ */ new Set() };
  const resolutions = await resolver.finished();
  return { results: withResolutions(results, resolutions), unresolved: resolutions.failed };
}
async function identifyHeld(settings, held, resources, redactor) {
  if (held.length === 0)
    return [];
  const results = await revokeKeys({ ...settings, keys: held.map((h) => h.key), dryRun: true }, { connections: resources.connections, deadline: resources.deadline, redactor });
  return heldResults(held, results);
}
async function rotator(rotation, ctx, resources, redactor) {
  const [{ Rotator }, { ActionsSecrets }] = await Promise.all([
    import("./rotate-CSJUMBSU.js"),
    import("./github-secrets-QOK5HBZ2.js")
  ]);
  return new Rotator(rotation, async () => {
    const gh = await resources.github(rotation.token);
    if (!gh)
      throw new InputError("secrets-token", "Input 'secrets-token' is empty.");
    return new ActionsSecrets(gh, { repository: ctx.repository });
  }, redactor);
}
async function earlierEvidence(settings, ctx, resources) {
  if (settings.issueNumber === void 0 && !settings.createIssue)
    return NO_EVIDENCE;
  const gh = ctx.repository ? await resources.github(settings.githubToken) : void 0;
  if (!gh)
    return NO_EVIDENCE;
  const read = await readEvidence(gh, ctx.repository, settings.issueNumber, (id) => runUrl({ ...ctx, runId: id }));
  if (read.ignored > 0)
    warning(`Ignored ${read.ignored} comment(s) in issue #${read.issue ?? "?"} that hold revocation evidence markers but were not written by this action's token (github-token): evidence is trusted only from the action itself.`);
  if (read.book.size > 0)
    info(`Read evidence of ${read.book.size} key(s) revoked by earlier runs in issue #${read.issue ?? "?"}.`);
  return read.book;
}
async function report(settings, ctx, results, unresolved, resources, redactor, reportPath) {
  const status = runStatus(results, settings.dryRun);
  const reportFile = await saveReport(reportPath, results, redactor);
  const reports = renderReports({ status, results, dryRun: settings.dryRun, runUrl: runUrl(ctx), reportFile }, (text) => redactor.redact(text));
  setOutputs(reports.outputs, redactor);
  annotate(results);
  await writeSummary(reports.summary);
  const gh = () => resources.github(settings.githubToken, resources.reporting());
  await postReport(settings, ctx, gh, status, reports.comment);
  await noteNotFoundAlerts(settings, ctx, gh, results);
  await keepEvidence(settings, ctx, gh, results, unresolved);
  const failed = results.filter((r) => r.outcome === "failed").length;
  const notFound2 = results.filter((r) => r.outcome === "not-found").length;
  const submitted2 = results.filter((r) => r.outcome === "submitted").length;
  const alertsOpen = results.filter((r) => r.outcome === "revoked-earlier" && !isDone(r)).length;
  const notDone = failed + notFound2 + submitted2 + alertsOpen;
  if (notDone > 0 && settings.failOnError) {
    setFailed(`${notDone} of ${results.length} key(s) were NOT proven revoked${alertsOpen ? " or still have open alerts" : ""} (${failed} failed, ${notFound2} not found${submitted2 ? `, ${submitted2} sent but not proven` : ""}${alertsOpen ? `, ${alertsOpen} revoked earlier whose alerts could still not be resolved` : ""}): see the job summary for what to do next.`);
  }
}
async function reportFailure(error3, known, dryRun, redactor, reportPath) {
  const expected = error3 instanceof InputError || error3 instanceof AlertsAccessError || error3 instanceof GitHubApiError || error3 instanceof TransportError;
  const safe = redactor.redact(message3(error3));
  const revoked = known.filter(isRevoked).length;
  const reportFile = await saveReport(reportPath, known, redactor) ?? "";
  const outputs = renderOutputs(runStatus(known, dryRun), known, {
    redact: (text) => redactor.redact(text),
    reportFile
  });
  const status = revoked > 0 ? "partial" : known.length > 0 ? "failed" : "error";
  setOutputs({ ...outputs, status }, redactor);
  await writeSummary(failureSummary(safe, known));
  setFailed(revoked > 0 ? `${safe} (${revoked} key(s) were revoked before this error: see the \`result\` output.)` : expected ? safe : `Unexpected error: ${safe}`);
  return status;
}

export {
  __require,
  __commonJS,
  __toESM,
  _positive,
  _nonnegative,
  _minLength,
  string2 as string,
  number2 as number,
  int,
  boolean2 as boolean,
  unknown,
  array,
  object,
  strictObject,
  looseObject,
  extend2 as extend,
  union,
  record,
  _enum,
  literal,
  optional,
  nullable,
  nullish2 as nullish,
  _default,
  NotReplaceable,
  RevocationFailure,
  Limiter,
  RESOLUTIONS_PER_MINUTE,
  GitHubApiError,
  sleep,
  TransportError,
  HttpClient,
  parseJson,
  fingerprint,
  excerpt,
  reasonForStatus,
  failure2 as failure,
  providerMessage,
  expectBody,
  expectSameKey,
  segment,
  readDelete,
  readProbe,
  ownValue,
  readSelfRevoke,
  vastaiFacts,
  KEY2 as KEY,
  basetenFacts,
  braintrustFacts,
  quivaFacts,
  cometapiFacts,
  PART,
  ADMIN,
  parseKeyId,
  openaiFacts,
  githubFacts,
  API,
  PAT_ID,
  SCOPED_ID,
  revokePath,
  gitlabFacts,
  slackFacts,
  anthropicFacts,
  fastlyFacts,
  buildkiteFacts,
  vercelFacts,
  herokuFacts,
  huggingfaceFacts,
  npmFacts,
  API2,
  ACCOUNT_ID,
  TOKEN_ID,
  parseTokenId,
  USER_PREFIX,
  ACCOUNT_PREFIX,
  cloudflareFacts,
  KEY4 as KEY2,
  KEY_ID,
  sendgridFacts,
  KEY_SID,
  parseValue,
  parseCredential,
  CREDENTIAL_FORM,
  twilioFacts,
  ACCESS_KEY_ID,
  splitPair,
  parseAdmin,
  TEMPORARY_HELP,
  awsFacts,
  readKeyFile,
  secretForms,
  keyName,
  API_KEY_NAME,
  SA_KEY_NAME,
  TOKEN_AUDIENCE,
  OPERATION_NAME,
  googleFacts,
  secretLabel,
  WindowPacer,
  USER_AGENT,
  run
};

// Bundles build/index.js (tsc's output) into dist/index.js, the file the runner starts.
//
// Startup time is most of a one-key run, and it is spent parsing and running the bundle, so
// the bundle carries only code a run can reach (figures: docs/performance.md):
// - @actions/core imports its OIDC client (@actions/http-client, with undici) and its
//   `platform` helpers (@actions/exec, @actions/io) at the top of the module. The action uses
//   neither, and those packages declare nothing about side effects, so they are marked side-effect
//   free: what is unused is dropped, what is used would stay.
// - The action's own requests go through Node's `http` (src/http/connections.ts), never undici:
//   an import of undici from the action's code fails the build (docs/decisions.md).
// - The Octokit chunk still carries undici, for @actions/github's proxy agent. Its experimental
//   Milo parser is left out as undici's own esbuild build does (`esbuildDetection`), and its
//   HTTP/2 client is required when the first HTTP/2 connection is made, not when the chunk
//   loads: requiring it loads `node:http2`, which an HTTP/1.1 connection never uses.
// - What the entry loads goes into one chunk. esbuild puts a module in a chunk by the set of
//   entry points that reach it, so each provider's facts (reached by the entry and by its own
//   adapter), the HTTP client, zod and the rest made 15 or more files that every run loaded,
//   each resolved and linked on its own. Each lazily imported module (an adapter, Octokit)
//   therefore also imports build/main.js, which every run has loaded before: all the entry
//   reaches is then reached by every entry point alike. The code is in
//   dist/chunks/chunk-*.js; dist/index.js sizes the heap and starts it.
import * as esbuild from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const build = join(root, 'build')
const dist = join(root, 'dist')
const inBuild = new RegExp(`^${build.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`)

/** Packages @actions/core loads for features this action never calls. */
const UNUSED_BY_CORE = /^@actions\/(http-client|exec|io)(\/.*)?$/

/**
 * Where esbuild itself would resolve `args`, for a plugin that only marks the result; undefined
 * when this is that inner resolution (it comes back through the same plugin).
 */
async function resolvedAsUsual(b, args) {
  if (args.pluginData?.again) return undefined
  return b.resolve(args.path, {
    kind: args.kind,
    importer: args.importer,
    resolveDir: args.resolveDir,
    pluginData: { again: true }
  })
}

const plugins = [
  {
    name: 'entry-graph-in-one-chunk',
    setup(b) {
      const main = join(build, 'main.js')
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || !inBuild.test(args.importer)) return undefined
        const found = await resolvedAsUsual(b, args)
        return found && { ...found, pluginData: { lazy: true } }
      })
      b.onLoad({ filter: inBuild }, async (args) => {
        if (!args.pluginData?.lazy) return undefined
        if (!existsSync(main)) throw new Error(`${main}, which every run loads, is gone`)
        const text = await readFile(args.path, 'utf8')
        return { contents: `${text}\nimport ${JSON.stringify(main)};\n`, loader: 'js' }
      })
    }
  },
  {
    name: 'actions-core-unused-features',
    setup(b) {
      b.onResolve({ filter: UNUSED_BY_CORE }, async (args) => {
        const found = await resolvedAsUsual(b, args)
        return found && { ...found, sideEffects: false }
      })
    }
  },
  {
    name: 'undici-h2-on-first-use',
    setup(b) {
      const eager = "const connectH2 = require('./client-h2.js')"
      b.onLoad({ filter: /[/\\]undici[/\\]lib[/\\]dispatcher[/\\]client\.js$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8')
        // An undici that loads it otherwise fails the build, not the action.
        if (!text.includes(eager)) throw new Error(`${args.path} no longer has: ${eager}`)
        return {
          contents: text.replace(
            eager,
            "let h2; const connectH2 = (client, socket) => (h2 ??= require('./client-h2.js'))(client, socket)"
          ),
          loader: 'js'
        }
      })
    }
  },
  {
    name: 'no-undici-in-own-code',
    setup(b) {
      b.onResolve({ filter: /^undici(\/.*)?$/ }, (args) => {
        if (!inBuild.test(args.importer)) return undefined
        const from = relative(root, args.importer)
        throw new Error(`${from} imports undici: the action sends with src/http/connections.ts`)
      })
    }
  }
]

const result = await esbuild.build({
  entryPoints: [join(build, 'index.js')],
  outdir: dist,
  // Octokit is imported dynamically, only by runs that call GitHub: it goes to a chunk of its
  // own, so a one-key run never reads it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  // Bundled CommonJS packages (Octokit's undici) require Node's built-in modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);"
  },
  define: { esbuildDetection: '1' },
  legalComments: 'none',
  minify: process.env.BENCH_MINIFY === '1',
  metafile: true,
  logLevel: 'warning',
  plugins
})

await mkdir(dist, { recursive: true })
await writeFile(join(dist, 'package.json'), '{\n  "type": "module"\n}\n')
await writeFile(join(dist, 'licenses.txt'), licenses(result.metafile))

/** Name, license and license text of every package with code in the bundle. */
function licenses(metafile) {
  const packages = new Map()
  const kept = Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, use]) => use.bytesInOutput > 0)
      .map(([input]) => input)
  )
  for (const input of kept) {
    const at = input.lastIndexOf('node_modules/')
    if (at < 0) continue
    const rest = input.slice(at + 'node_modules/'.length).split('/')
    const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
    packages.set(name, join(root, input.slice(0, at), 'node_modules', name))
  }
  return [...packages.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, dir]) => {
      const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']
        .map((f) => join(dir, f))
        .find((f) => existsSync(f))
      const text = file ? readFileSync(file, 'utf8').trim() : ''
      return `${name}\n${meta.license ?? 'UNKNOWN'}\n${text}\n`
    })
    .join('\n')
}

const { outputs } = result.metafile
const bytes = Object.values(outputs).reduce((sum, o) => sum + o.bytes, 0)
/** The entry and what it imports statically: what every run parses before it starts. */
const atStart = new Set()
const visit = (file) => {
  if (atStart.has(file) || !outputs[file]) return
  atStart.add(file)
  for (const i of outputs[file].imports) if (i.kind === 'import-statement') visit(i.path)
}
visit(relative(root, join(dist, 'index.js')))
const startBytes = [...atStart].reduce((sum, file) => sum + outputs[file].bytes, 0)
console.log(
  `dist/: ${(bytes / 1024).toFixed(0)} KB; a run loads ${(startBytes / 1024).toFixed(0)} KB in ${atStart.size} files at start (${relative(root, build)} -> dist)`
)

import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { PROVIDERS } from '../../src/providers/registry.js'
import { PROVIDER_IDS } from '../../src/providers/types.js'
import { Redactor } from '../../src/secrets.js'
import { readSettings } from '../../src/settings/settings.js'

const BASETEN = 'abcd1234.0123456789abcdefABCDEF0123456789'
const QUIVA = `ms-${'0123456789abcdef'.repeat(2)}`
const SK = `sk-${'A1b2C3d4'.repeat(6)}`

function read(inputs: Record<string, string>) {
  const masked: string[] = []
  const redactor = new Redactor((s) => masked.push(s))
  const settings = readSettings((name) => inputs[name] ?? '', redactor)
  return { settings, masked }
}

function inputError(inputs: Record<string, string>): InputError {
  try {
    read(inputs)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('readSettings', () => {
  it('infers Baseten and quiva.ai from the key format', () => {
    expect(read({ key: BASETEN }).settings.keys).toEqual([
      { provider: 'baseten', value: BASETEN, source: 'key line 1' }
    ])
    expect(read({ key: QUIVA }).settings.keys[0]?.provider).toBe('quiva')
  })

  it('requires provider for sk- keys, naming the providers whose keys no format names', () => {
    const error = inputError({ key: SK })
    expect(error.input).toBe('provider')
    const unnamed = PROVIDER_IDS.filter((id) => !PROVIDERS[id].ownsKeyFormat)
    // Both providers of sk- keys are among them.
    expect(unnamed).toEqual(expect.arrayContaining(['braintrust', 'cometapi']))
    const listed = /\(([a-z, ]+) keys have no format of their own\)/.exec(error.message)?.[1]
    expect(listed?.split(/, | and /)).toEqual(unnamed)
    expect(error.message).not.toContain(SK)
  })

  it('accepts aliases in any case', () => {
    for (const [alias, id] of [
      ['VAST.AI', 'vastai'],
      ['vast', 'vastai'],
      ['Quiva.ai', 'quiva'],
      ['comet', 'cometapi'],
      ['BASETEN', 'baseten']
    ]) {
      expect(
        read({ provider: alias!, 'key-id': id === 'quiva' || id === 'baseten' ? 'abc123' : '42' })
          .settings.keys[0]?.provider
      ).toBe(id)
    }
  })

  it('masks every key line and token the moment it is read, even when a later input is bad', () => {
    const masked: string[] = []
    const redactor = new Redactor((s) => masked.push(s))
    expect(() =>
      readSettings(
        (name) =>
          ({
            key: `${BASETEN}\n\n  ${BASETEN.replace('abcd', 'wxyz')}  `,
            'baseten-token': ' tok_1 ',
            'github-token': 'ghs_x',
            verify: 'nope'
          })[name] ?? '',
        redactor
      )
    ).toThrow(InputError)
    expect(masked).toEqual(
      expect.arrayContaining(['tok_1', 'ghs_x', BASETEN, BASETEN.replace('abcd', 'wxyz')])
    )
  })

  it('reads several keys one per line, skipping blanks and repeats', () => {
    const other = BASETEN.replace('abcd', 'efgh')
    expect(
      read({ key: `${BASETEN}\r\n\n${other}\n${BASETEN}` }).settings.keys.map((k) => k.value)
    ).toEqual([BASETEN, other])
  })

  it('pairs key-id line N with key line N, and refuses unequal counts', () => {
    const { settings } = read({ provider: 'cometapi', 'key-id': '7', key: SK })
    expect(settings.keys).toEqual([
      { provider: 'cometapi', id: '7', value: SK, source: 'key-id line 1' }
    ])
    expect(inputError({ provider: 'cometapi', 'key-id': '7\n8', key: SK }).input).toBe('key-id')
  })

  it.each([
    [{}, 'key'],
    [{ 'key-id': '42' }, 'provider'],
    [{ provider: 'azure', key: SK }, 'provider'],
    [{ provider: 'vastai', 'key-id': '0' }, 'key-id'],
    [{ provider: 'vastai', 'key-id': '../1' }, 'key-id'],
    [{ provider: 'braintrust', 'key-id': 'not-a-uuid' }, 'key-id'],
    [{ provider: 'baseten', key: 'no-dot-in-this-key' }, 'key'],
    [{ provider: 'cometapi', key: 'has a space inside' }, 'key'],
    [{ key: BASETEN, verify: 'yes' }, 'verify'],
    [{ key: BASETEN, 'dry-run': '1' }, 'dry-run'],
    [{ key: BASETEN, 'fail-on-error': 'no' }, 'fail-on-error'],
    [{ key: BASETEN, 'issue-number': '#12' }, 'issue-number'],
    [{ key: BASETEN, 'timeout-seconds': '5' }, 'timeout-seconds'],
    [{ key: BASETEN, 'baseten-api-url': 'http://example.com' }, 'baseten-api-url'],
    [{ key: BASETEN, 'baseten-api-url': 'https://user:pw@example.com' }, 'baseten-api-url'],
    [{ key: BASETEN, 'baseten-api-url': 'ftp://example.com' }, 'baseten-api-url'],
    [{ key: BASETEN, 'baseten-token': 'two\nlines' }, 'baseten-token']
  ])('refuses %j naming input %s', (inputs, input) => {
    const error = inputError(inputs as Record<string, string>)
    expect(error.input).toBe(input)
    expect(error.message).toContain(`'${input}'`)
  })

  it('never echoes a key or token in an input error', () => {
    expect(
      inputError({ provider: 'baseten', key: 'secretvalue-without-dot' }).message
    ).not.toContain('secretvalue')
    expect(inputError({ key: BASETEN, 'baseten-token': 'tok secret' }).message).not.toContain(
      'tok secret'
    )
    expect(inputError({ provider: 'vastai', 'key-id': 'abcdefsecret' }).message).not.toContain(
      'abcdefsecret'
    )
  })

  it('echoes a mistyped provider name, but not a key pasted into provider', () => {
    expect(inputError({ provider: 'vastia', key: SK }).message).toContain("'vastia'")
    const pasted = inputError({ provider: QUIVA, key: QUIVA })
    expect(pasted.input).toBe('provider')
    expect(pasted.message).not.toContain(QUIVA.slice(0, 12))
    expect(inputError({ provider: SK.slice(0, 16), key: SK }).message).not.toContain(
      SK.slice(0, 16)
    )
  })

  it('applies defaults and allows http only to loopback', () => {
    const { settings } = read({ key: BASETEN, 'baseten-api-url': 'http://127.0.0.1:9/prefix' })
    expect(settings).toMatchObject({
      verify: true,
      dryRun: false,
      failOnError: true,
      timeoutMs: 600_000,
      issueNumber: undefined
    })
    expect(settings.baseUrls.baseten.href).toBe('http://127.0.0.1:9/prefix')
    expect(settings.baseUrls.vastai.href).toBe('https://console.vast.ai/')
    expect(read({ key: BASETEN, 'issue-number': '12', verify: 'FALSE' }).settings).toMatchObject({
      issueNumber: 12,
      verify: false
    })
  })
})

describe('values that cannot be a whole key are refused before any request', () => {
  const VAST = '0123456789abcdef'.repeat(4)
  // A key wrapped onto two lines, a copy cut short by one, or a copy with one extra character.
  const halves = (v: string) => [
    v.slice(0, Math.ceil(v.length / 2)),
    v.slice(Math.ceil(v.length / 2))
  ]
  it.each([
    ['vastai', VAST],
    ['baseten', BASETEN],
    ['quiva', QUIVA],
    ['cometapi', SK]
  ])(
    '%s: a whole key is accepted; a cut, grown or wrapped one is named by line',
    (provider, whole) => {
      expect(read({ provider, key: whole }).settings.keys).toHaveLength(1)
      for (const [bad, line] of [
        [whole.slice(0, -1), 1],
        [`${whole}0`, 1],
        [halves(whole).join('\n'), 1],
        [`${whole}\n${whole.slice(0, -3)}`, 2]
      ] as const) {
        const error = inputError({ provider, key: bad })
        expect(error.input).toBe('key')
        expect(error.message).toContain(`line ${line} `)
        expect(error.message).toMatch(/cut short, or wrapped onto two lines|not a .* key/)
        expect(error.message).toContain('key-id')
        for (const part of bad.split('\n')) expect(error.message).not.toContain(part.slice(0, 8))
      }
    }
  )

  it('a Vast.ai value of another shape is left for Vast.ai to judge (its format is undocumented)', () => {
    expect(read({ provider: 'vastai', key: `vk_${'A'.repeat(40)}` }).settings.keys).toHaveLength(1)
  })
})

describe('key-from-input: the key from a workflow_dispatch input, never from a with: line', () => {
  const VAST = 'c0ffee'.repeat(10) + 'beef'
  const dispatch = (inputs: unknown) => ({ name: 'workflow_dispatch', inputs })

  function readWith(inputs: Record<string, string>, event: { name: string; inputs?: unknown }) {
    const masked: string[] = []
    const redactor = new Redactor((s) => masked.push(s))
    try {
      return { settings: readSettings((n) => inputs[n] ?? '', redactor, { event }), masked }
    } catch (error) {
      if (error instanceof InputError) return { error, masked }
      throw error
    }
  }

  it('reads the named input from the event, masks it, and treats it as key', () => {
    const { settings, masked } = readWith(
      { provider: 'vastai', 'key-from-input': 'leaked-key' },
      dispatch({ 'leaked-key': ` ${VAST} `, issue: '12' })
    )
    expect(settings?.keys).toEqual([
      { provider: 'vastai', value: VAST, source: 'key-from-input line 1' }
    ])
    expect(masked).toContain(VAST)
  })

  it('masks the value even when a later input is bad', () => {
    const { error, masked } = readWith(
      { provider: 'vastai', 'key-from-input': 'leaked-key', verify: 'maybe' },
      dispatch({ 'leaked-key': VAST })
    )
    expect(error?.input).toBe('verify')
    expect(masked).toContain(VAST)
  })

  it.each([
    ['push', { name: 'push', inputs: { 'leaked-key': VAST } }, "started by 'push'"],
    ['no event', { name: '' }, 'started by another event'],
    ['a bad name', dispatch({ 'leaked-key': VAST }), 'expected the name of a workflow_dispatch'],
    ['a missing input', dispatch({ other: 'x', issue: '1' }), 'its inputs: other, issue'],
    ['no inputs at all', dispatch(undefined), 'it has no inputs'],
    ['an empty input', dispatch({ 'leaked-key': '  ' }), 'which is empty'],
    ['a boolean input', dispatch({ 'leaked-key': true }), 'does not hold text']
  ])('refuses %s, naming key-from-input', (_, event, words) => {
    const name = _ === 'a bad name' ? 'leaked key!' : 'leaked-key'
    const { error } = readWith({ provider: 'vastai', 'key-from-input': name }, event)
    expect(error?.input).toBe('key-from-input')
    expect(error?.message).toContain("'key-from-input'")
    expect(error?.message).toContain(words)
    expect(error?.message).not.toContain(VAST)
  })

  it('an empty form field is fine when the run has an id or an alert to work on', () => {
    const empty = dispatch({ 'leaked-key': '', 'alert-number': '7' })
    const byAlert = readWith({ 'key-from-input': 'leaked-key', 'alert-number': '7' }, empty)
    expect(byAlert.settings?.keys).toEqual([])
    expect(byAlert.settings?.alerts.alertNumber).toBe(7)
    const byId = readWith(
      { provider: 'vastai', 'key-from-input': 'leaked-key', 'key-id': '42' },
      empty
    )
    expect(byId.settings?.keys).toEqual([{ provider: 'vastai', id: '42', source: 'key-id line 1' }])
    // …or missing from the payload, as a run started through the API may leave it.
    const missing = readWith(
      { 'key-from-input': 'leaked-key', 'alert-number': '7' },
      dispatch({ 'alert-number': '7' })
    )
    expect(missing.settings?.alerts.alertNumber).toBe(7)
  })

  it('refuses key and key-from-input together, masking both', () => {
    const other = 'ab'.repeat(32)
    const { error, masked } = readWith(
      { provider: 'vastai', key: other, 'key-from-input': 'leaked-key' },
      dispatch({ 'leaked-key': VAST })
    )
    expect(error?.input).toBe('key-from-input')
    expect(error?.message).toContain("Inputs 'key' and 'key-from-input' cannot be used together")
    expect(masked).toEqual(expect.arrayContaining([VAST, other]))
  })

  it('spots the value passed instead of the name, masks it and never repeats it', () => {
    const { error, masked } = readWith(
      { provider: 'vastai', 'key-from-input': VAST },
      dispatch({ 'leaked-key': VAST })
    )
    expect(error?.message).toContain('holds the value of a workflow_dispatch input, not its name')
    expect(error?.message).not.toContain(VAST)
    expect(masked).toContain(VAST)
  })

  it('names key-from-input, not key, when a line is not a key', () => {
    const { error } = readWith(
      { provider: 'baseten', 'key-from-input': 'leaked-key' },
      dispatch({ 'leaked-key': 'no-dot-in-this-key' })
    )
    expect(error?.input).toBe('key-from-input')
    expect(error?.message).toContain("Input 'key-from-input' (input 'leaked-key') line 1")
    expect(error?.message).not.toContain('no-dot-in-this-key')
  })
})

describe('a repository_dispatch without an alert', () => {
  it('says the dispatch carried no alert and what client_payload is expected', () => {
    let caught: unknown
    try {
      readSettings(() => '', new Redactor(), {
        relay: false,
        event: { name: 'repository_dispatch', inputs: undefined }
      })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InputError)
    const { input, message } = caught as InputError
    expect(input).toBe('client_payload')
    expect(message).toContain('carries no secret scanning alert')
    expect(message).toContain('{"alert_number": 7, "repository": "owner/name"}')
    expect(message).not.toContain("Input 'key' or 'key-id' is required")
  })
})

describe('report-key', () => {
  it('is optional, and checked when given', () => {
    expect(read({ key: BASETEN }).settings.reportKey).toBeUndefined()
    expect(read({ key: BASETEN, 'report-key': ' baseten-2 ' }).settings.reportKey).toBe('baseten-2')
    const error = inputError({ key: BASETEN, 'report-key': 'a leg -->' })
    expect(error.input).toBe('report-key')
  })
})

describe('alert inputs', () => {
  const read = (inputs: Record<string, string>, relay = false) =>
    readSettings((n) => inputs[n] ?? '', new Redactor(), { relay })

  it('needs no key in alert-driven runs, and falls back to github-token', () => {
    expect(read({ alerts: 'OPEN', 'github-token': 'ghs_1' }).alerts).toMatchObject({
      sweep: true,
      scope: 'repo',
      token: 'ghs_1',
      resolve: true
    })
    expect(
      read({ 'alert-number': '12', 'alerts-token': 'pat', 'github-token': 'g' }).alerts
    ).toMatchObject({ alertNumber: 12, token: 'pat' })
    expect(read({}, true).keys).toEqual([])
    expect(() => read({})).toThrow("Input 'key' or 'key-id' is required")
  })

  it('parses secret-types lines and refuses bad ones, naming the input and line', () => {
    const { alerts } = read({
      alerts: 'open',
      'secret-types': '# comment\n my_key = vast.ai \n\nother=comet'
    })
    expect([...alerts.secretTypes]).toEqual([
      ['my_key', 'vastai'],
      ['other', 'cometapi']
    ])
    expect(() => read({ alerts: 'open', 'secret-types': 'ok=baseten\nnoprovider' })).toThrow(
      "Input 'secret-types' line 2 is not valid"
    )
    expect(() => read({ alerts: 'open', 'secret-types': 'x=azure' })).toThrow(
      "Input 'secret-types' line 1"
    )
  })

  it.each([
    [{ alerts: 'all' }, 'alerts'],
    [{ alerts: 'open', 'alerts-scope': 'enterprise' }, 'alerts-scope'],
    [{ alerts: 'open', org: '-bad' }, 'org'],
    [{ 'alert-number': '0' }, 'alert-number'],
    [{ alerts: 'open', 'resolve-alerts': 'maybe' }, 'resolve-alerts'],
    [{ alerts: 'open', 'create-issue': 'y' }, 'create-issue']
  ])('refuses %j naming %s', (inputs, name) => {
    expect(() => read(inputs as Record<string, string>)).toThrow(`Input '${name}'`)
  })
})

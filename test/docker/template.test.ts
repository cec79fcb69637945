// Go text/template as docker's --format and -f use it (pkg.go.dev/text/template:
// "Actions", "Pipelines", "Functions"; docker/cli templates.go for json, join,
// upper, ...), and the --since/--until time parsing (moby GetTimestamp).
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { parseTemplate, renderTemplate, TemplateError } from '../../src/runtime/template.ts'
import { rfc3339 } from '../../src/runtime/format.ts'
import { parseDuration, parseTime, timestamp } from '../../src/runtime/commands/since.ts'

const doc = { Name: '/web', State: { Running: false, ExitCode: 3 }, Env: ['A=1', 'B=2'], Labels: { b: '2', a: '1' }, Empty: [], Nil: null }

describe('text/template subset', () => {
  it('fields, nested fields, missing keys (<no value>), nil (<nil>), maps with sorted keys, slices', () => {
    expect(renderTemplate('{{.Name}} {{.State.ExitCode}} {{.Nope}} {{.Nil}} {{.Labels}} {{.Env}}', doc)).toBe('/web 3 <no value> <nil> map[a:1 b:2] [A=1 B=2]')
  })
  it('range with else, if/else on Go truth (false, 0, empty), with rebinding dot', () => {
    expect(renderTemplate('{{range .Env}}<{{.}}>{{end}}|{{range .Empty}}x{{else}}none{{end}}|{{if .State.Running}}up{{else}}down{{end}}|{{with .State}}{{.ExitCode}}{{end}}', doc))
      .toBe('<A=1><B=2>|none|down|3')
  })
  it('pipelines and functions: json, join, upper, lower, index, len, printf, eq/not', () => {
    expect(renderTemplate('{{json .Env}} {{join .Env ","}} {{.Name | upper}} {{index .Env 1}} {{len .Env}} {{printf "%s=%d" .Name .State.ExitCode}} {{eq .State.ExitCode 3}} {{not .State.Running}}', doc))
      .toBe('["A=1","B=2"] A=1,B=2 /WEB B=2 2 /web=3 true true')
  })
  it('else-if chains share one {{end}} (text/template "Actions": {{if p1}} T1 {{else if p2}} T0 {{end}})', () => {
    const t = '{{if .State.Running}}up{{else if eq .State.ExitCode 3}}three{{else if .Name}}named{{else}}none{{end}}|{{if .Nope}}x{{else if .State}}{{.State.ExitCode}}{{end}}'
    expect(renderTemplate(t, doc)).toBe('three|3')
    expect(renderTemplate(t, { ...doc, State: { Running: false, ExitCode: 0 } })).toBe('named|0')
    expect(() => parseTemplate('{{else if .X}}')).toThrow('unexpected {{else}}')
    // Go 1.22 (docker 27.3.1's) has no {{else with}}: "unexpected <with> in else".
    expect(() => parseTemplate('{{with .X}}a{{else with .Y}}b{{end}}')).toThrow('template: :1: unexpected <with> in else')
  })
  it('index past the end of a slice is an execution error (funcs.go indexArg: "index out of range: N"); a missing map key is <no value>', () => {
    const src = '{{index .Env 5}}'
    expect(() => renderTemplate(src, doc)).toThrow(TemplateError)
    expect(() => renderTemplate(src, doc)).toThrow('template: :1:2: executing "" at <index .Env 5>: error calling index: index out of range: 5')
    expect(renderTemplate('{{index .Labels "zz"}}', doc)).toBe('<no value>')
  })
  it('trim markers remove the spaces next to the action', () => {
    expect(renderTemplate('a  {{- .Name -}}  b', doc)).toBe('a/webb')
  })
  it('parse errors: unknown function, unclosed action, missing end', () => {
    for (const [src, msg] of [['{{foo .X}}', 'function "foo" not defined'], ['{{.X', 'unclosed action'], ['{{range .Env}}x', 'unexpected EOF']]) {
      expect(() => parseTemplate(src!)).toThrow(TemplateError)
      expect(() => parseTemplate(src!)).toThrow(msg)
    }
  })
})

describe('--since/--until values', () => {
  it('Go durations, dates, times with zones, Unix seconds', () => {
    expect(parseDuration('1h30m')).toBe(5400e9)
    expect(parseDuration('1.5s')).toBe(1.5e9)
    expect(parseDuration('10')).toBeUndefined()
    expect(parseTime('1970-01-02')).toBe(86400e9)
    expect(parseTime('1970-01-01T01:00:00+01:00')).toBe(0)
    expect(timestamp('10s', 100e9)).toBe(90e9)
    expect(timestamp('12.5', 0)).toBe(12.5e9)
    expect(timestamp('yesterday', 0)).toBeUndefined()
  })
  test.prop([fc.integer({ min: 1, max: 4102444800 }), fc.integer({ min: 0, max: 999_999_999 })])('parseTime inverts rfc3339 (the json-file log times)', (sec, nsec) => {
    const ns = sec * 1e9 + nsec
    expect(parseTime(rfc3339(ns))).toBe(ns)
  })
})

import { useEffect, useId, useState } from 'react'
import {
  policyCatalogue,
  policyNames,
  PolicyError,
  wellKnownServers,
  type PolicyDefinition,
  type PolicyGroup,
  type PolicyName,
  type PolicySnapshot,
  type ServerAdmin,
  type WellKnownServer,
} from '@/protocol/server-policies.ts'
import { ServerPicker, type PickableServer } from '@/components/server-picker.tsx'
import { SpecLinks } from '@/components/spec-link.tsx'

/** A setting's value as the panel handles it; the server validates it against the catalogue. */
type Value = string | number | boolean

const groups: readonly PolicyGroup[] = [
  'PKCE',
  'Refresh tokens',
  'Tokens',
  'Lifetimes',
  'Device flow',
  'Rate limits',
  'Misbehave',
]

/** 3600 → "3600 s (1 h)": the raw value as the API takes it, and what it means. */
function describeValue(definition: PolicyDefinition, value: Value): string {
  if (definition.kind === 'boolean') return value === true ? 'on' : 'off'
  if (definition.kind === 'choice')
    return definition.options.find((o) => o.value === value)?.label ?? String(value)
  if (definition.unit === 'attempts') return `${String(value)} attempts`
  const seconds = Number(value)
  const readable =
    seconds >= 86400 && seconds % 86400 === 0
      ? `${seconds / 86400} d`
      : seconds >= 3600 && seconds % 3600 === 0
        ? `${seconds / 3600} h`
        : seconds >= 60 && seconds % 60 === 0
          ? `${seconds / 60} min`
          : ''
  return `${seconds} s${readable ? ` (${readable})` : ''}`
}

const isInsecureChoice = (definition: PolicyDefinition, value: Value): boolean =>
  definition.kind === 'choice' && definition.options.some((o) => o.value === value && o.insecure === true)

function NumberControl({
  id,
  definition,
  value,
  onApply,
}: {
  id: string
  definition: PolicyDefinition & { kind: 'number' }
  value: number
  onApply: (value: number) => void
}) {
  const [text, setText] = useState(String(value))
  const apply = () => {
    if (text.trim() !== '' && Number(text) !== value) onApply(Number(text))
  }
  return (
    <span className="inline-flex items-center gap-1">
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={definition.min}
        max={definition.max}
        step={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply()
        }}
        className="w-28 rounded border border-slate-300 px-2 py-1 text-sm"
      />
      <span className="text-xs text-slate-600">{definition.unit}</span>
    </span>
  )
}

function SettingRow({
  name,
  value,
  defaultValue,
  onApply,
}: {
  name: PolicyName
  value: Value
  defaultValue: Value
  onApply: (name: PolicyName, value: Value) => void
}) {
  const definition: PolicyDefinition = policyCatalogue[name]
  const id = useId()
  const changed = value !== defaultValue
  const insecure = (definition.insecure === true && value === true) || isInsecureChoice(definition, value)
  return (
    <li className="rounded-md border border-slate-200 p-3">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        {definition.kind === 'boolean' ? (
          <label className="flex items-center gap-2 text-sm font-semibold">
            <input
              type="checkbox"
              checked={value === true}
              onChange={(e) => onApply(name, e.target.checked)}
              className="h-4 w-4"
            />
            {definition.title}
          </label>
        ) : (
          <label htmlFor={id} className="text-sm font-semibold">
            {definition.title}
          </label>
        )}
        {definition.kind === 'choice' && (
          <select
            id={id}
            value={String(value)}
            onChange={(e) => onApply(name, e.target.value)}
            className="max-w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {definition.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
                {o.insecure ? ' — insecure' : ''}
              </option>
            ))}
          </select>
        )}
        {definition.kind === 'number' && (
          <NumberControl
            // Remounted when the server's value changes, so the field shows it.
            key={String(value)}
            id={id}
            definition={definition}
            value={Number(value)}
            onApply={(v) => onApply(name, v)}
          />
        )}
      </div>
      <p className="mt-1 flex flex-wrap gap-1.5 text-xs">
        <code className="text-slate-500">{name}</code>
        {changed && (
          <span className="rounded bg-blue-100 px-1.5 font-medium text-blue-900">
            changed — default {describeValue(definition, defaultValue)}
          </span>
        )}
        {insecure && <span className="rounded bg-red-100 px-1.5 font-semibold text-red-900">insecure</span>}
      </p>
      <p className="mt-1 text-sm text-slate-700">{definition.description}</p>
      <details className="mt-1 text-sm">
        <summary className="cursor-pointer text-blue-800">
          {definition.group === 'Misbehave'
            ? 'Why this is insecure, and what real servers do'
            : `Default: ${describeValue(definition, definition.default)}. Why, and what real servers do`}
        </summary>
        <blockquote className="mt-2 border-l-4 border-slate-300 pl-3 text-slate-800">
          “{definition.rationale.quote}” <SpecLinks ids={definition.rationale.refs} />
        </blockquote>
        <table className="mt-2 w-full text-left text-xs">
          <caption className="sr-only">What well-known servers choose for {definition.title}</caption>
          <tbody>
            {(Object.keys(wellKnownServers) as WellKnownServer[]).map((server) => (
              <tr key={server} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-1 pr-3 font-medium whitespace-nowrap">
                  {wellKnownServers[server]}
                </th>
                <td className={`py-1 ${definition.servers[server] === 'unknown' ? 'text-slate-500' : ''}`}>
                  {definition.servers[server]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </li>
  )
}

/** A server whose settings the panel reads and changes. */
export interface SettingsServer extends PickableServer {
  readonly admin: ServerAdmin
}

/**
 * The servers the panel offers, the default first: the one this page's flows run on. When
 * `npm start` served the page and the flows run in it, the Node server — the one a developer's own
 * app meets — is the second, one click away.
 */
export type SettingsServers = readonly [SettingsServer, ...SettingsServer[]]

/**
 * The server's settings for what real servers disagree on: each with its RFC 9700 default and the
 * sentence behind it, what well-known servers choose, and a control that applies at once — the
 * next request the server answers follows it, and its trace names the setting that decided.
 */
export function ServerSettingsPanel({ servers }: { servers: SettingsServers }) {
  // By kind: the servers are built anew with a new runtime, and the choice stays.
  const [kind, setKind] = useState(servers[0].kind)
  const server = servers.find((s) => s.kind === kind) ?? servers[0]
  const { admin } = server
  const [read, setRead] = useState<{ admin: ServerAdmin; snapshot: PolicySnapshot }>()
  const snapshot = read?.admin === admin ? read.snapshot : undefined
  const setSnapshot = (s: PolicySnapshot) => setRead({ admin, snapshot: s })
  // Kept with the server it came from: another server's complaint is not shown for this one.
  const [said, setSaid] = useState<{ admin: ServerAdmin; problem: string }>()
  const problem = said?.admin === admin ? said.problem : undefined
  const setProblem = (text: string | undefined) =>
    setSaid(text === undefined ? undefined : { admin, problem: text })
  useEffect(() => {
    let live = true
    admin.getPolicies().then(
      (s) => live && setRead({ admin, snapshot: s }),
      (e: unknown) => live && setSaid({ admin, problem: String(e) }),
    )
    return () => {
      live = false
    }
  }, [admin])
  const picker = servers.length > 1 && (
    <ServerPicker
      servers={servers}
      current={server}
      onChoose={(s) => setKind(s.kind)}
      legend="Settings of"
      describe={(s) =>
        s.kind === 'node'
          ? 'What your own app, curl and the Server console meet.'
          : 'What the flows in this page meet (a copy inside this tab).'
      }
      testId="settings-server"
    />
  )
  const run = (change: Promise<PolicySnapshot>) => {
    setProblem(undefined)
    change.then(setSnapshot, (e: unknown) =>
      setProblem(e instanceof PolicyError ? `Not changed: ${e.problems.join('; ')}` : String(e)),
    )
  }
  if (snapshot === undefined)
    return (
      <div className="space-y-4">
        {picker}
        {problem === undefined ? (
          <p className="text-sm text-slate-600">Reading the settings…</p>
        ) : (
          <p role="alert" className="text-sm text-red-800">
            {problem}
          </p>
        )}
      </div>
    )
  const changed = policyNames.filter((n) => snapshot.values[n] !== snapshot.defaults[n]).length
  return (
    <div className="space-y-4">
      {picker}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700">
          Settings of {admin.label}. A change applies to its next request; the server reasoning then says
          which setting decided. {changed === 0 ? 'All at their defaults.' : `${changed} changed.`}
        </p>
        <button
          type="button"
          onClick={() => run(admin.resetPolicies())}
          disabled={changed === 0}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50"
        >
          Reset to defaults
        </button>
      </div>
      {problem !== undefined && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">
          {problem}
        </p>
      )}
      {groups.map((group) => (
        <section key={group} aria-labelledby={`settings-${group}`}>
          <h3 id={`settings-${group}`} className="mb-2 text-sm font-semibold text-slate-800">
            {group === 'Misbehave' ? 'Misbehave — insecure on purpose, for attack lessons' : group}
          </h3>
          <ul className="space-y-2">
            {policyNames
              .filter((name) => policyCatalogue[name].group === group)
              .map((name) => (
                <SettingRow
                  key={name}
                  name={name}
                  value={snapshot.values[name]}
                  defaultValue={snapshot.defaults[name]}
                  onApply={(n, v) => run(admin.setPolicies({ [n]: v }))}
                />
              ))}
          </ul>
        </section>
      ))}
    </div>
  )
}

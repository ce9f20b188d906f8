import { describe, expect, it } from 'vitest'
import { curlCommand, shellQuote } from './curl.ts'

describe('curlCommand', () => {
  it('writes a GET with its headers, leaving out what curl sets itself', () => {
    const command = curlCommand({
      method: 'GET',
      url: 'http://localhost:4100/as/.well-known/openid-configuration',
      headers: [
        ['accept', 'application/json'],
        ['user-agent', 'oauth4webapi'],
        ['host', 'localhost:4100'],
      ],
    })
    expect(command).toBe(
      "curl -sS -i \\\n  -H 'accept: application/json' \\\n  'http://localhost:4100/as/.well-known/openid-configuration'",
    )
  })

  it('sends a form POST verbatim, to another origin when asked', () => {
    const command = curlCommand(
      {
        method: 'POST',
        url: 'http://localhost:4100/as/token',
        headers: [
          ['content-type', 'application/x-www-form-urlencoded;charset=UTF-8'],
          ['authorization', 'Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA=='],
        ],
        body: "grant_type=authorization_code&code=a'b",
      },
      'http://localhost:8080',
    )
    expect(command).toContain("--data-raw 'grant_type=authorization_code&code=a'\\''b'")
    expect(command).toContain("-H 'authorization: Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA=='")
    expect(command).not.toContain('-X POST')
    expect(command.endsWith("'http://localhost:8080/as/token'")).toBe(true)
  })

  it('names the method when curl would not guess it', () => {
    expect(curlCommand({ method: 'DELETE', url: 'http://x.test/rs/me', headers: [] })).toContain('-X DELETE')
  })

  it('quotes for a POSIX shell', () => {
    expect(shellQuote("it's $HOME")).toBe("'it'\\''s $HOME'")
  })
})

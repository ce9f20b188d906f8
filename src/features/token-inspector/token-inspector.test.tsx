// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { TokenInspector } from './token-inspector.tsx'

afterEach(cleanup)

describe('TokenInspector', () => {
  it('decodes a JWT, explains its claims, shows readable times and verifies the signature', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }
    const token = await new SignJWT({ sub: 'alice-1865', exp: 1_800_000_000 })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(privateKey)
    render(
      <TokenInspector tokens={[{ name: 'id_token', value: token, purpose: 'who logged in' }]} jwks={jwks} />,
    )
    expect(screen.getByText('Subject: the user’s stable identifier at this issuer.')).toBeTruthy()
    expect(
      screen.getByText(
        new Date(1_800_000_000 * 1000).toLocaleString(undefined, {
          dateStyle: 'medium',
          timeStyle: 'medium',
        }),
      ),
    ).toBeTruthy()
    expect(await screen.findByText(/Signature verified with RS256/)).toBeTruthy()
  })

  it('says a token is opaque when it is not a JWT, and that it has no tokens before the token step', () => {
    const { rerender } = render(<TokenInspector tokens={[]} jwks={undefined} />)
    expect(screen.getByText(/No tokens yet/)).toBeTruthy()
    rerender(
      <TokenInspector
        tokens={[{ name: 'refresh_token', value: 'opaque-value', purpose: '' }]}
        jwks={undefined}
      />,
    )
    expect(screen.getByText(/Opaque: not a JWT/)).toBeTruthy()
  })

  it('reports a tampered signature as invalid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }
    const token = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(privateKey)
    const [h, , sig] = token.split('.')
    const forged = `${h}.${btoa('{"sub":"mallory"}').replace(/=+$/, '')}.${sig}`
    render(<TokenInspector tokens={[{ name: 'access_token', value: forged, purpose: '' }]} jwks={jwks} />)
    expect(await screen.findByText(/Signature invalid/)).toBeTruthy()
  })
})

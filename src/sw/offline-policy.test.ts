import { describe, expect, it } from 'vitest'
import { cacheName, isServerPath, offlineHeaders, offlinePageCandidates } from './offline-policy.ts'

describe('offline policy', () => {
  it.each(['/as', '/as/token', '/rs/me', '/.well-known/oauth-authorization-server/as', '/relay'])(
    'never touches the server path %s',
    (path) => expect(isServerPath(path)).toBe(true),
  )

  it.each(['/', '/index.html', '/assets/index-abc.js', '/callback', '/assets/as-chunk.js'])(
    'may serve the app path %s',
    (path) => expect(isServerPath(path)).toBe(false),
  )

  it('gives every build its own cache', () => {
    expect(cacheName('abc')).not.toBe(cacheName('abd'))
  })

  it('answers an offline navigation with the page itself, else index.html', () => {
    expect(offlinePageCandidates(new URL('http://h/app/callback?code=1'), 'http://h/app/')).toEqual([
      'http://h/app/callback',
      'http://h/app/callback/index.html',
      'http://h/app/callback.html',
      'http://h/app/index.html',
    ])
  })

  it('lets an offline embed link be framed, and nothing else', () => {
    const cached = new Headers({ 'content-security-policy': "default-src 'self'; frame-ancestors 'self'" })
    const embed = offlineHeaders(cached, new URL('http://h/?embed=1'))
    expect(embed.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors *")
    const plain = offlineHeaders(cached, new URL('http://h/?flow=device'))
    expect(plain.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'self'")
  })
})

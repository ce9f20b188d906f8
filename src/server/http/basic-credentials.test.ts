import { describe, expect, it } from 'vitest'
import { basicAuthorization, formEncode, parseBasicCredentials } from './basic-credentials.ts'

describe('HTTP Basic client credentials (RFC 6749 §2.3.1)', () => {
  it('form-url-decodes each part after base64 decoding', () => {
    // What oauth4webapi and simple-oauth2 send for id "my client" and secret "p:a+s%s ö".
    const header = `Basic ${btoa('my+client:p%3Aa%2Bs%25s+%C3%B6')}`
    expect(parseBasicCredentials(header)).toEqual({ clientId: 'my client', clientSecret: 'p:a+s%s ö' })
  })

  it('round-trips with the encoder', () => {
    for (const secret of ['a:b', 'x+y', '100%', "it's (fine)*~!", 'ümlaut', ' ']) {
      expect(parseBasicCredentials(basicAuthorization('id', secret))?.clientSecret).toBe(secret)
    }
    expect(formEncode('a b')).toBe('a+b')
  })

  it('splits at the first colon only', () => {
    expect(parseBasicCredentials(`Basic ${btoa('id:a:b')}`)).toEqual({ clientId: 'id', clientSecret: 'a:b' })
  })

  it.each(['Bearer abc', 'Basic', 'Basic !!!', `Basic ${btoa('no-colon')}`, `Basic ${btoa('id:%E0%A4%A')}`])(
    'rejects %s',
    (header) => {
      expect(parseBasicCredentials(header)).toBeUndefined()
    },
  )
})

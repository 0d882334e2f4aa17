import { describe, expect, it } from 'vitest'
import { digestAuthorization, parseDigestChallenge } from './digest'
import { md5Hex } from './md5'

describe('md5Hex', () => {
  it('matches the RFC 1321 test suite', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72')
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0')
    expect(md5Hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    )
  })
})

describe('digest auth', () => {
  it('reproduces the RFC 2617 §3.5 example', () => {
    const ch = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    )
    expect(ch).toBeDefined()
    const header = digestAuthorization(ch!, { username: 'Mufasa', password: 'Circle Of Life' }, {
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: '0a4f113b',
    })
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"')
    expect(header).toContain('nc=00000001')
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"')
  })

  it('reproduces the RFC 7616 §3.9.1 MD5 example', () => {
    const ch = parseDigestChallenge(
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    )
    const header = digestAuthorization(ch!, { username: 'Mufasa', password: 'Circle of Life' }, {
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    })
    expect(header).toContain('response="8ca523f5e9506fed4657c9700eebdbec"')
  })

  it('ignores non-Digest challenges', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined()
    expect(parseDigestChallenge(null)).toBeUndefined()
  })
})

/**
 * The demo world from the article series: MovieMatch recommends movies from the movies a user's
 * friends like on "Friendly Social", a social network whose API is the resource server.
 * Tests, the README and the playground's explanations rely on these exact values.
 */

export interface Movie {
  readonly title: string
  readonly year: number
}

/** Someone on Friendly Social. Only some people can sign in (see `demoUsers`). */
export interface Person {
  readonly id: string
  readonly name: string
  readonly likes: readonly Movie[]
}

export interface DemoUser {
  /** Stable, never reassigned subject identifier (OIDC Core §2). */
  readonly sub: string
  readonly username: string
  readonly password: string
  readonly name: string
  readonly given_name: string
  readonly family_name: string
  readonly email: string
  readonly email_verified: boolean
  /** `Person.id`s of this user's friends. */
  readonly friends: readonly string[]
}

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

export const grantTypes = {
  authorizationCode: 'authorization_code',
  refreshToken: 'refresh_token',
  implicit: 'implicit',
  clientCredentials: 'client_credentials',
  password: 'password',
  deviceCode: 'urn:ietf:params:oauth:grant-type:device_code',
} as const

export type GrantType = (typeof grantTypes)[keyof typeof grantTypes]

/** The grants a client uses at the token endpoint: all but implicit, which ends at /authorize. */
export type TokenGrantType = Exclude<GrantType, 'implicit'>

export interface DemoClient {
  readonly client_id: string
  readonly client_name: string
  /** Absent for public clients (RFC 6749 §2.1). */
  readonly client_secret?: string
  /** The methods this client may use at the token endpoint; `none` marks a public client. */
  readonly token_endpoint_auth_methods: readonly ClientAuthMethod[]
  readonly grant_types: readonly GrantType[]
  /**
   * The scopes this client may ask for, space-separated, and its default when a token-endpoint
   * request omits `scope` (RFC 6749 §3.3). Absent: any scope the server knows, and no default.
   */
  readonly scope?: string
  /** Paths on the server's origin: every demo client registers exactly `{origin}/callback`. */
  readonly redirect_paths: readonly string[]
  /** What this client teaches, in one line. */
  readonly description: string
}

const movie = (title: string, year: number): Movie => ({ title, year })

export const demoPeople: Readonly<Record<string, Person>> = {
  alice: {
    id: 'alice',
    name: 'Alice Liddell',
    likes: [movie('Spirited Away', 2001), movie('Paddington 2', 2017), movie('Arrival', 2016)],
  },
  bob: {
    id: 'bob',
    name: 'Bob Builder',
    likes: [movie('The Matrix', 1999), movie('Mad Max: Fury Road', 2015), movie('Toy Story', 1995)],
  },
  carol: {
    id: 'carol',
    name: 'Carol Jenkins',
    likes: [movie('Amélie', 2001), movie('The Grand Budapest Hotel', 2014), movie('Spirited Away', 2001)],
  },
  dave: {
    id: 'dave',
    name: 'Dave Chen',
    likes: [movie('Parasite', 2019), movie('Whiplash', 2014), movie('Inception', 2010)],
  },
  erin: {
    id: 'erin',
    name: 'Erin Okafor',
    likes: [movie('Get Out', 2017), movie('Alien', 1979), movie('Casablanca', 1942)],
  },
  frank: {
    id: 'frank',
    name: 'Frank Moreau',
    likes: [movie('My Neighbor Totoro', 1988), movie('Coco', 2017), movie('WALL·E', 2008)],
  },
}

export const demoUsers: readonly DemoUser[] = [
  {
    sub: 'alice-1865',
    username: 'alice',
    password: 'wonderland',
    name: 'Alice Liddell',
    given_name: 'Alice',
    family_name: 'Liddell',
    email: 'alice@wonderland.example',
    email_verified: true,
    friends: ['bob', 'carol', 'dave'],
  },
  {
    sub: 'bob-1999',
    username: 'bob',
    password: 'builder',
    name: 'Bob Builder',
    given_name: 'Bob',
    family_name: 'Builder',
    email: 'bob@builder.example',
    email_verified: true,
    friends: ['alice', 'erin', 'frank'],
  },
]

const callback = ['/callback'] as const

export const demoClients: readonly DemoClient[] = [
  {
    client_id: 'web-app',
    client_name: 'MovieMatch (web app)',
    client_secret: 'web-app-secret',
    token_endpoint_auth_methods: ['client_secret_basic', 'client_secret_post'],
    grant_types: [grantTypes.authorizationCode, grantTypes.refreshToken],
    redirect_paths: callback,
    description: 'A server-side web app that keeps a secret: the classic authorization code grant.',
  },
  {
    client_id: 'spa',
    client_name: 'MovieMatch (single-page app)',
    token_endpoint_auth_methods: ['none'],
    grant_types: [grantTypes.authorizationCode, grantTypes.refreshToken],
    redirect_paths: callback,
    description:
      'A browser app that cannot keep a secret: authorization code with PKCE, rotated refresh tokens.',
  },
  {
    client_id: 'implicit-app',
    client_name: 'MovieMatch (legacy implicit app)',
    token_endpoint_auth_methods: ['none'],
    grant_types: [grantTypes.implicit],
    redirect_paths: callback,
    description: 'A legacy browser app using the implicit grant, which RFC 9700 says not to use.',
  },
  {
    client_id: 'service',
    client_name: 'MovieMatch nightly recommender',
    client_secret: 'service-secret',
    token_endpoint_auth_methods: ['client_secret_basic', 'client_secret_post'],
    grant_types: [grantTypes.clientCredentials],
    scope: 'movies.read',
    redirect_paths: callback,
    description: 'A back-end job acting on its own behalf: the client credentials grant.',
  },
  {
    client_id: 'legacy-app',
    client_name: 'MovieMatch (legacy password app)',
    client_secret: 'legacy-app-secret',
    token_endpoint_auth_methods: ['client_secret_basic', 'client_secret_post'],
    grant_types: [grantTypes.password, grantTypes.refreshToken],
    redirect_paths: callback,
    description: 'A legacy app that asks for the password itself: the deprecated password grant.',
  },
  {
    client_id: 'tv',
    client_name: 'MovieMatch for TV',
    token_endpoint_auth_methods: ['none'],
    grant_types: [grantTypes.deviceCode, grantTypes.refreshToken],
    redirect_paths: callback,
    description: 'A smart TV without a keyboard: the device authorization grant.',
  },
]

/** Scopes the server knows, each with the sentence the consent page shows. */
export const demoScopes: Readonly<Record<string, string>> = {
  openid: 'Sign you in and tell the app your Friendly Social user id',
  profile: 'See your name and username',
  email: 'See your email address and whether it is verified',
  offline_access: 'Keep access while you are not using the app (a refresh token)',
  'friends.read': 'See your list of friends',
  'movies.read': 'See the movies you and your friends like',
}

/**
 * Scopes about a user — who they are, their profile, their friends, access while they are away —
 * which make no sense for a client acting on its own behalf (the client credentials grant).
 */
export const userScopes: readonly string[] = ['openid', 'profile', 'email', 'offline_access', 'friends.read']

/** Claims released per scope (OIDC Core §5.4). */
export const scopeClaims: Readonly<Record<string, readonly (keyof DemoUser)[]>> = {
  profile: ['name', 'given_name', 'family_name'],
  email: ['email', 'email_verified'],
}

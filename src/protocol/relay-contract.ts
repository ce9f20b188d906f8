/** The header that carries the per-run relay token, shared by the page and `npm start`'s relay. */
export const relayTokenHeader = 'x-grantscope-relay-token'

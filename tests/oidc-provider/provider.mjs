// A real, certified third-party OpenID Connect provider (panva's `oidc-provider`)
// for Tern's end-to-end sign-in tests. Loopback only, in-memory, test use only.
//
// Environment:
//   OIDC_PORT          port to listen on, 0 (default) = pick a free one
//   OIDC_CLIENT_ID     the one public client's id (default "tern-e2e")
//   OIDC_REDIRECT_URI  its redirect URI, exact string (default "http://127.0.0.1:8123/")
//
// Prints exactly one line to stdout once listening:
//   oidc-provider listening on http://127.0.0.1:<port>
// The issuer is that URL exactly (no trailing slash); discovery is at
//   http://127.0.0.1:<port>/.well-known/openid-configuration
//
// The provider is stock oidc-provider: Tern must speak plain OpenID Connect to it (no
// `prompt=select_account`, which it refuses; `prompt=consent` to be given a refresh token;
// refresh requests without scopes it never granted). Only the account lookup, the claims in
// the ID token and the test client are configured here.

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

// oidc-provider prints its NOTICEs with console.info (stdout). Keep stdout to the single
// "listening" line a harness reads: everything else the process logs goes to stderr.
console.info = console.error;
console.log = console.error;

const port = Number(process.env.OIDC_PORT ?? 0);
const clientId = process.env.OIDC_CLIENT_ID || 'tern-e2e';
const redirectUri = process.env.OIDC_REDIRECT_URI || 'http://127.0.0.1:8123/';
const host = '127.0.0.1';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`OIDC_PORT must be a port number, got ${JSON.stringify(process.env.OIDC_PORT)}`);
  process.exit(2);
}
const redirectOrigin = URL.parse(redirectUri)?.origin;
if (!redirectOrigin || redirectOrigin === 'null') {
  console.error(`OIDC_REDIRECT_URI must be an absolute http(s) URL, got ${JSON.stringify(redirectUri)}`);
  process.exit(2);
}

// The issuer contains the port, so bind first and build the provider once the port is known.
const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, host, resolve);
});
const issuer = `http://${host}:${server.address().port}`;

// A fresh RS256 signing key for this run.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

// Accounts: any login name signs in; the claims are derived from it.
function claimsFor(login) {
  const local = login.split('@')[0] || login;
  const name = local
    .split(/[._\-\s]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(' ') || login;
  return {
    sub: login,
    name,
    preferred_username: login,
    email: login.includes('@') ? login : `${login}@oidc-provider.test`,
    email_verified: true,
  };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [redirectUri],
  }],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  // The SPA calls the token endpoint from its own origin.
  clientBasedCORS: (ctx, origin, client) => client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin),
  features: {
    devInteractions: { enabled: true },
  },
  // Put the scope claims in the id_token too (stock: only in userinfo when an access token is issued).
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username', 'email'],
    email: ['email', 'email_verified'],
  },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return claimsFor(id);
      },
    };
  },
});

// The built-in login/consent/error pages @import a web font from fonts.googleapis.com; drop it so
// a browser under test makes no request off this machine.
const fontImport = /@import url\(https:\/\/fonts\.googleapis\.com\/[^)]*\);?/g;
provider.use(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.response.is('html')) {
    ctx.body = ctx.body.replace(fontImport, '');
  }
});

server.on('request', provider.callback());

process.stdout.write(`oidc-provider listening on ${issuer}\n`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}

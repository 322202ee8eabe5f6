import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** Drives the staff console of a booted process through fastify's inject: no sockets, and
 * the client address is chosen per request, which is what the sign-in limits key on. */
export function staffConsoleClient(app: FastifyInstance) {
  const form = (body: Record<string, string>) => new URLSearchParams(body).toString();
  return {
    signIn(
      body: Record<string, string>,
      options: { cookie?: string | undefined; address?: string } = {},
    ): Promise<LightMyRequestResponse> {
      return app.inject({
        method: 'POST',
        url: '/staff/login',
        remoteAddress: options.address ?? '127.0.0.1',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
        payload: form(body),
      });
    },
    get(url: string, cookie?: string | undefined): Promise<LightMyRequestResponse> {
      return app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    },
    post(
      url: string,
      body: Record<string, string>,
      cookie?: string | undefined,
    ): Promise<LightMyRequestResponse> {
      return app.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(cookie ? { cookie } : {}),
        },
        payload: form(body),
      });
    },
  };
}

/** `name=value` of a cookie a response set, ready for a Cookie header; undefined if none. */
export function cookieSet(response: LightMyRequestResponse, name: string): string | undefined {
  const found = (response.cookies as { name: string; value: string }[]).find(
    (c) => c.name === name && c.value !== '',
  );
  return found ? `${found.name}=${found.value}` : undefined;
}

/** The one-line flash message a console form post left for the next page. */
export function flashText(response: LightMyRequestResponse): string | undefined {
  const raw = cookieSet(response, 'tops_flash')?.split('=')[1];
  if (!raw) return undefined;
  return (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { text: string }).text;
}

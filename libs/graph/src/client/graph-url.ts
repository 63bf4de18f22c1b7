import { GraphCaptureError } from '../errors';

/**
 * Resolves a Graph path (`deviceManagement/intents`) or an absolute link
 * Graph handed back (`@odata.nextLink`) against the base URL. Absolute
 * links must stay under the base: a token is never sent anywhere else.
 */
export function resolveGraphUrl(baseUrl: string, pathOrUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(pathOrUrl)) {
    return `${base}/${pathOrUrl.replace(/^\/+/, '')}`;
  }
  const link = new URL(pathOrUrl);
  const root = new URL(`${base}/`);
  if (link.origin !== root.origin || !link.pathname.startsWith(root.pathname)) {
    throw new GraphCaptureError(
      'invalid_response',
      `Graph link outside ${root.origin}${root.pathname}`,
    );
  }
  return link.toString();
}

/** The part of a resolved URL after the base, as the SDK wants it. */
export function relativeToBase(baseUrl: string, url: string): string {
  const base = `${baseUrl.replace(/\/+$/, '')}/`;
  return url.startsWith(base) ? url.slice(base.length) : url;
}

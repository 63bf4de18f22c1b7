import { sanitizeMessage } from './sanitize-message';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwidGlkIjoiYWJjIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const SECRET = 'Abc8Q~q9zXv2LmN0pQrStUvWxYz0123456789abcd';

describe('sanitizeMessage', () => {
  describe('with credentials in the text', () => {
    it('removes bearer tokens', () => {
      const out = sanitizeMessage('sent Bearer abc.DEF-123_xyz~ then failed');
      expect(out).toBe('sent Bearer [redacted] then failed');
    });

    it('removes Authorization header values of any scheme', () => {
      expect(sanitizeMessage('Authorization: Basic dXNlcjpwYXNz')).toBe(
        'Authorization: [redacted]',
      );
      expect(
        sanitizeMessage('{"Authorization":"Bearer opaque-value","x":1}'),
      ).toBe('{"Authorization":"[redacted]","x":1}');
    });

    it('removes JWTs on their own', () => {
      const out = sanitizeMessage(`token was ${JWT}, rejected`);
      expect(out).toBe('token was [jwt], rejected');
    });

    it('removes opaque three-segment tokens', () => {
      const token = `${'a'.repeat(20)}.${'b'.repeat(20)}.${'c'.repeat(20)}`;
      expect(sanitizeMessage(`got ${token}`)).toBe('got [token]');
    });

    it('removes Entra client secrets that appear bare', () => {
      expect(sanitizeMessage(`secret ${SECRET} is wrong`)).toBe(
        'secret [secret] is wrong',
      );
    });

    it('removes secrets it is told about verbatim', () => {
      expect(
        sanitizeMessage('the value hunter2-xyz leaked', 500, ['hunter2-xyz']),
      ).toBe('the value [redacted] leaked');
    });

    it.each([
      ['access_token', 'GET /x?access_token=abc123&$top=5'],
      [
        'client_secret',
        'grant_type=client_credentials&client_secret=s3cr3t&scope=x',
      ],
      ['refresh_token', 'refresh_token=rt-value'],
      ['password', 'password=hunter2 was sent'],
    ])('removes %s values in query strings and forms', (name, text) => {
      const out = sanitizeMessage(text);
      expect(out).toContain(`${name}=[redacted]`);
      expect(out).not.toMatch(/abc123|s3cr3t|rt-value|hunter2/);
    });

    it('keeps the other parameters of a query string', () => {
      expect(sanitizeMessage('?access_token=abc&$top=5')).toBe(
        '?access_token=[redacted]&$top=5',
      );
    });

    it.each(['client_secret', 'access_token', 'refresh_token', 'password'])(
      'removes %s values in JSON',
      (name) => {
        const out = sanitizeMessage(
          `{"${name}": "v@lue \\"quoted\\"", "a": 1}`,
        );
        expect(out).toBe(`{"${name}": "[redacted]", "a": 1}`);
      },
    );

    it('removes credentials in JSON nested inside a JSON string', () => {
      const out = sanitizeMessage('{"body":"{\\"client_secret\\":\\"abc\\"}"}');
      expect(out).not.toContain('abc');
    });

    it('removes e-mail addresses, also percent-encoded', () => {
      expect(
        sanitizeMessage('user jane.doe+x@contoso.onmicrosoft.com not found'),
      ).toBe('user [email] not found');
      expect(sanitizeMessage('/users/jane%40contoso.com')).toBe(
        '/users/[email]',
      );
    });
  });

  describe('with Graph error text', () => {
    it('keeps the request id and error code', () => {
      const text =
        '[status 429, code TooManyRequests, request-id 0f6c1b2a-3d4e-4f50-8a9b-c0d1e2f3a4b5] Too many requests';
      expect(sanitizeMessage(text)).toBe(text);
    });

    it('keeps Graph type names and URLs', () => {
      const text =
        'GET https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations/1 #microsoft.graph.windows10CustomConfiguration';
      expect(sanitizeMessage(text)).toBe(text);
    });
  });

  describe('with long or multi-line text', () => {
    it('cuts to the maximum length', () => {
      const out = sanitizeMessage('x'.repeat(1000), 100);
      expect(out).toHaveLength(100);
      expect(out.endsWith('...')).toBe(true);
    });

    it('redacts before cutting so no partial secret survives', () => {
      const out = sanitizeMessage(
        `${'y'.repeat(20)} Bearer ${'z'.repeat(50)}`,
        40,
      );
      expect(out).not.toContain('zzz');
    });

    it('flattens line breaks', () => {
      expect(sanitizeMessage('a\r\n  b\n')).toBe('a b');
    });
  });
});

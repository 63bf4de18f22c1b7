import { classifyResponse, codeForStatus } from './classify-response';

const REQUEST_ID = '7d1b6a52-0c4e-4d8e-9f7a-2b3c4d5e6f70';

function graphBody(code: string, message: string) {
  return JSON.stringify({
    error: {
      code,
      message,
      innerError: { 'request-id': REQUEST_ID, date: '2026-01-01T00:00:00' },
    },
  });
}

describe('codeForStatus', () => {
  it.each([
    [404, 'not_found'],
    [401, 'forbidden'],
    [403, 'forbidden'],
    [429, 'throttled'],
    [500, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
    [400, 'invalid_response'],
  ])('maps %i to %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe('classifyResponse', () => {
  describe('with a Graph error body', () => {
    it('keeps the Graph error code and request id', () => {
      const error = classifyResponse({
        status: 404,
        headers: new Headers(),
        bodyText: graphBody('ResourceNotFound', 'No such policy'),
        url: 'http://127.0.0.1:1/beta/deviceManagement/intents/abc',
      });
      expect(error).toMatchObject({
        code: 'not_found',
        retryable: false,
        status: 404,
        graphErrorCode: 'ResourceNotFound',
        graphRequestId: REQUEST_ID,
      });
      expect(error.message).toContain(REQUEST_ID);
      expect(error.message).toContain('/beta/deviceManagement/intents/abc');
      expect(error.message).not.toContain('127.0.0.1');
    });

    it('prefers the request-id header', () => {
      const error = classifyResponse({
        status: 429,
        headers: new Headers({ 'request-id': 'from-header' }),
        bodyText: graphBody('TooManyRequests', 'slow down'),
      });
      expect(error).toMatchObject({
        code: 'throttled',
        retryable: true,
        graphRequestId: 'from-header',
      });
    });

    it('sanitises what Graph echoed back', () => {
      const error = classifyResponse({
        status: 403,
        headers: new Headers(),
        bodyText: graphBody(
          'Forbidden',
          'Caller admin@contoso.com with Bearer abc.def.ghi is not allowed',
        ),
      });
      expect(error.code).toBe('forbidden');
      expect(error.message).not.toContain('admin@contoso.com');
      expect(error.message).not.toContain('abc.def.ghi');
    });
  });

  describe('with a body that is not JSON', () => {
    it('uses the start of the text', () => {
      const error = classifyResponse({
        status: 502,
        headers: new Headers(),
        bodyText: '<html>Bad gateway</html>',
      });
      expect(error.code).toBe('transient');
      expect(error.message).toContain('Bad gateway');
    });
  });
});

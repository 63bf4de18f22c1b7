import { AddressInfo, connect } from 'node:net';

import { startTestApp, TestApp } from './support/test-app';

describe('HTTP connections', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp('http_connections', {
      env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(() => t?.close());

  it('closes an idle keep-alive connection after the configured time', async () => {
    const socket = connect(port, '127.0.0.1');
    const answered = new Promise<number>((resolve) =>
      socket.once('data', () => resolve(performance.now())),
    );
    const closed = new Promise<number>((resolve) =>
      socket.once('close', () => resolve(performance.now())),
    );
    socket.write(
      'GET /health/live HTTP/1.1\r\nhost: test\r\nconnection: keep-alive\r\n\r\n',
    );

    const idleMs = (await closed) - (await answered);

    // Node's own default would keep it for 5 s.
    expect(idleMs).toBeGreaterThan(900);
    expect(idleMs).toBeLessThan(3_000);
  });
});

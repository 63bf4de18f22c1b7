import request from 'supertest';

import { startTestApp, TestApp } from './support/test-app';

describe('health endpoints', () => {
  describe('with every dependency up', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp('health');
    });

    afterAll(() => t?.close());

    it('answers liveness without a token', async () => {
      await request(t.app.getHttpServer()).get('/health/live').expect(200);
    });

    it('reports PostgreSQL, Redis and the event store ready', async () => {
      const response = await request(t.app.getHttpServer())
        .get('/health/ready')
        .expect(200);

      expect(response.body.status).toBe('ok');
      expect(Object.keys(response.body.details).sort()).toEqual([
        'eventStore',
        'postgres',
        'projections',
        'redis',
      ]);
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp('health_down', {
        env: { REDIS_URL: 'redis://127.0.0.1:1' },
      });
    });

    afterAll(() => t?.close());

    it('is not ready and says which dependency is down', async () => {
      const response = await request(t.app.getHttpServer())
        .get('/health/ready')
        .expect(503);

      expect(response.body.details.redis.status).toBe('down');
      expect(response.body.details.postgres.status).toBe('up');
    });

    it('is still live', async () => {
      await request(t.app.getHttpServer()).get('/health/live').expect(200);
    });
  });
});

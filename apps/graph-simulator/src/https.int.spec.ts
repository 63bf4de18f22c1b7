import { GraphSimulator, startGraphSimulator } from './simulator';
import { accessToken, call } from './testing/http-test-client';

describe('Graph simulator in https mode', () => {
  let simulator: GraphSimulator;

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      https: true,
      tenants: [{ policiesPerType: 1 }],
    });
  });

  afterAll(() => simulator.close());

  it('serves tokens and Graph to clients that trust its certificate', async () => {
    const ca = simulator.certificatePem!;
    const token = await accessToken(simulator, simulator.tenants[0], { ca });
    const answer = await call(
      `${simulator.baseUrl}/deviceManagement/configurationPolicies`,
      { headers: { Authorization: `Bearer ${token}` }, ca },
    );

    expect(simulator.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/beta$/);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).value).toHaveLength(1);
  });

  it('is refused by clients that do not trust the certificate', async () => {
    await expect(
      call(`${simulator.baseUrl}/deviceManagement/intents`),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/CERT|SELF_SIGNED/),
    });
  });
});

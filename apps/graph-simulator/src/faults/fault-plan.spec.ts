import { FaultPlan } from './fault-plan';

const kinds = (plan: FaultPlan, paths: string[]) =>
  paths.map((path) => plan.decide(plan.attempt(path), path, 0).kind);

describe('FaultPlan', () => {
  const paths = Array.from({ length: 200 }, (_, i) => `/beta/x/${i}`);

  it('makes the same draws for the same seed, whatever the order', () => {
    const options = { serverErrorRate: 0.3, hangRate: 0.1 };
    const forward = kinds(new FaultPlan(options, 7, 't'), paths);
    const backward = kinds(
      new FaultPlan(options, 7, 't'),
      [...paths].reverse(),
    );

    expect(backward.reverse()).toEqual(forward);
    expect(forward.filter((kind) => kind !== 'none').length).toBeGreaterThan(
      40,
    );
  });

  it('plays a sequence before any rate, only on matching paths', () => {
    const plan = new FaultPlan(
      { sequence: ['reset', 'none', 'malformed'], sequencePathContains: '/x/' },
      1,
      't',
    );

    expect(
      kinds(plan, [
        '/beta/y',
        '/beta/x/1',
        '/beta/x/1',
        '/beta/x/1',
        '/beta/x/1',
      ]),
    ).toEqual(['none', 'reset', 'none', 'malformed', 'none']);
  });

  it('gives a retry of the same path a fresh draw', () => {
    const plan = new FaultPlan({ serverErrorRate: 0.5 }, 3, 't');
    const draws = kinds(
      plan,
      Array.from({ length: 50 }, () => '/beta/same'),
    );

    expect(new Set(draws)).toEqual(new Set(['none', 'serverError']));
  });
});

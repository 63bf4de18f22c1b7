import { RequestBudget } from './request-budget';

describe('RequestBudget', () => {
  describe('with a sliding window', () => {
    it('refuses over budget until the oldest request leaves the window', () => {
      const budget = new RequestBudget({ budget: 2, windowMs: 1_000 });

      expect(budget.take(0)).toBeUndefined();
      expect(budget.take(400)).toBeUndefined();
      expect(budget.take(500)).toBe(500);
      expect(budget.take(1_000)).toBeUndefined();
      expect(budget.take(1_100)).toBe(300);
      expect(budget.take(1_400)).toBeUndefined();
    });
  });

  describe('with a fixed window', () => {
    it('refuses until the window ends, then allows a full budget', () => {
      const budget = new RequestBudget({
        budget: 2,
        windowMs: 1_000,
        window: 'fixed',
      });

      expect(budget.take(100)).toBeUndefined();
      expect(budget.take(900)).toBeUndefined();
      expect(budget.take(950)).toBe(50);
      expect(budget.take(1_000)).toBeUndefined();
      expect(budget.take(1_999)).toBeUndefined();
      expect(budget.take(1_999)).toBe(1);
    });
  });
});

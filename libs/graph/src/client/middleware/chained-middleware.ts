import { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** Base for the project's middleware: holds and calls the next step. */
export abstract class ChainedMiddleware implements Middleware {
  private nextMiddleware?: Middleware;

  abstract execute(context: Context): Promise<void>;

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }

  protected next(context: Context): Promise<void> {
    if (!this.nextMiddleware) {
      throw new Error(`${this.constructor.name} is last in the chain`);
    }
    return this.nextMiddleware.execute(context);
  }
}

import { Injectable } from '@nestjs/common';

/**
 * A token the sign-in page may pre-fill. Only the local all-in-one process
 * offers one (the development token it prints); a deployed API never does.
 */
@Injectable()
export class ConsoleDevToken {
  private token: string | null = null;

  offer(token: string): void {
    this.token = token;
  }

  get value(): string | null {
    return this.token;
  }
}

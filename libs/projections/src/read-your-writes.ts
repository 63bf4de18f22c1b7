import { Injectable } from '@nestjs/common';

import { Position } from '@app/event-store';

import { CheckpointStore } from './checkpoint-store';

/**
 * Lets a reader wait until a projection has applied a given position: the
 * command returns the position of its event, and a query that passes it
 * back sees its own write (or times out and answers from what is there).
 */
@Injectable()
export class ReadYourWrites {
  constructor(private readonly checkpoints: CheckpointStore) {}

  async waitFor(
    projection: string,
    position: Position,
    timeoutMs: number,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const checkpoint = await this.checkpoints.load(projection);
      if (checkpoint.position >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

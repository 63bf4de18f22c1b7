import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

export type CommandOutcome = 'accepted' | 'reused' | 'rejected' | 'error';

type Labels = 'command' | 'outcome';

/** Commands by outcome and how long they took, per command name. */
@Injectable()
export class CommandMetrics {
  private readonly total: Counter<Labels>;
  private readonly duration: Histogram<Labels>;

  constructor(registry: Registry) {
    this.total = new Counter({
      name: 'bulkops_commands_total',
      help: 'Commands handled, by command and outcome.',
      labelNames: ['command', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'bulkops_command_duration_seconds',
      help: 'Time to handle a command, validation and append included.',
      labelNames: ['command', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  /** Starts timing `command`; call the result once with its outcome. */
  start(command: string): (outcome: CommandOutcome) => void {
    const stop = this.duration.startTimer({ command });
    return (outcome) => {
      stop({ outcome });
      this.total.inc({ command, outcome });
    };
  }
}

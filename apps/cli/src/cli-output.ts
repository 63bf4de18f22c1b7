import { Injectable } from '@nestjs/common';

/**
 * Where commands print their result: stdout, one line per call. Logs go to
 * stderr, so the result can be piped or captured (`$(npm run cli ...)`).
 */
@Injectable()
export class CliOutput {
  line(text: string): void {
    process.stdout.write(`${text}\n`);
  }
}

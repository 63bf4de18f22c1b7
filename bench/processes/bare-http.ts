import { randomUUID } from 'node:crypto';
import { createServer, ServerResponse } from 'node:http';

/**
 * The command benchmark's floor: the same requests over the same
 * transport to a bare `node:http` server that parses the JSON body and
 * answers 202 with a body of the command's shape: no framework, no
 * authentication, no rate limit, no validation beyond the body's shape,
 * no storage. What the machine gives any Node service before it does work.
 */
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/health/live') {
      answer(res, 200, { status: 'ok' });
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      policyIds?: unknown;
    };
    if (!Array.isArray(body.policyIds)) {
      answer(res, 400, { status: 400 });
      return;
    }
    const runId = randomUUID();
    answer(res, 202, {
      runId,
      status: 'pending',
      reused: false,
      links: { run: `${req.url}/runs/${runId}` },
    });
  });
});

function answer(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));

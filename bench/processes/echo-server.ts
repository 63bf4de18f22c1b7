import { createServer } from 'node:net';

/**
 * Echoes every chunk back on its connection: the peer of the command
 * benchmark's round-trip probe, in a process of its own as PostgreSQL,
 * Redis and the load generator are to the API.
 */
const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('data', (chunk) => socket.write(chunk));
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));

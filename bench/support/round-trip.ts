import { spawn } from 'node:child_process';
import { connect, Socket } from 'node:net';
import { resolve } from 'node:path';

import { DIST, freePort } from './services';

export interface RoundTrip {
  /** Wall time of one request and its answer. */
  readonly wallUs: number;
  /** This process's CPU for it: user and system (kernel) time. */
  readonly cpuUs: number;
  readonly systemUs: number;
}

const MESSAGE = Buffer.alloc(256, 0x61);

async function connectWhenListening(port: number): Promise<Socket> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await new Promise<Socket>((done, fail) => {
        const socket = connect(port, '127.0.0.1', () => done(socket));
        socket.once('error', fail);
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** `count` messages, each sent when the previous one came back whole. */
function pingPong(socket: Socket, count: number): Promise<void> {
  return new Promise((done) => {
    let left = count;
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received < MESSAGE.length) return;
      received = 0;
      left -= 1;
      if (left > 0) {
        socket.write(MESSAGE);
        return;
      }
      socket.off('data', onData);
      done();
    };
    socket.on('data', onData);
    socket.write(MESSAGE);
  });
}

/**
 * What one loopback TCP round trip costs on this machine, to a peer in
 * another process (`bench/processes/echo-server.ts`): the command makes
 * four (the client's request, Redis, PostgreSQL twice), and on a virtual
 * machine the kernel's part of each, waking the peer, is most of it.
 */
export async function loopbackRoundTrip(trips = 20_000): Promise<RoundTrip> {
  const port = freePort();
  const child = spawn(
    process.execPath,
    [resolve(DIST, 'bench/processes/echo-server.js')],
    { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' },
  );
  try {
    const socket = await connectWhenListening(port);
    socket.setNoDelay(true);
    try {
      await pingPong(socket, 2_000);
      const cpu = process.cpuUsage();
      const started = performance.now();
      await pingPong(socket, trips);
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return {
        wallUs: (wallMs * 1000) / trips,
        cpuUs: (used.user + used.system) / trips,
        systemUs: used.system / trips,
      };
    } finally {
      socket.destroy();
    }
  } finally {
    child.kill('SIGTERM');
  }
}

import { randomUUID } from 'node:crypto';

import { Server, ServerCredentials } from '@grpc/grpc-js';

import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';

import { gossipService, serverFeaturesService } from './cluster-services';
import { InMemoryLog } from './in-memory-log';
import { streamsService } from './streams-service';

export interface EsdbDoubleOptions {
  /** Advertise BatchAppend (the default, like a current server). */
  readonly batchAppend?: boolean;
}

const HOST = '127.0.0.1';

/**
 * An in-process EventStoreDB for tests: the client's own gRPC service
 * definitions served over plain HTTP/2 on an ephemeral loopback port,
 * events in memory. See LIMITS.md beside this file.
 */
export class EsdbDouble {
  /** Kept across restarts, like the server's database. */
  readonly log = new InMemoryLog();
  private server?: Server;
  private boundPort = 0;
  private readonly instanceId = randomUUID();

  private constructor(private readonly options: EsdbDoubleOptions) {}

  static async start(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
    const double = new EsdbDouble(options);
    await double.listen();
    return double;
  }

  get port(): number {
    return this.boundPort;
  }

  /** A single-node connection string for the client. */
  get connectionString(): string {
    return `esdb://${HOST}:${this.boundPort}?tls=false`;
  }

  /** A connection string that discovers the node through gossip. */
  get discoveryConnectionString(): string {
    return `esdb+discover://${HOST}:${this.boundPort}?tls=false`;
  }

  /** Drops every connection and call at once, as a crashed server does. */
  async stop(): Promise<void> {
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** Stops, then listens again on the same port with the same events. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen();
  }

  private async listen(): Promise<void> {
    const server = new Server();
    server.addService(StreamsService, streamsService(this.log));
    server.addService(
      ServerFeaturesService,
      serverFeaturesService({ batchAppend: this.options.batchAppend ?? true }),
    );
    server.addService(
      GossipService,
      gossipService(this.instanceId, () => ({
        address: HOST,
        port: this.boundPort,
      })),
    );
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `${HOST}:${this.boundPort}`,
        ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.server = server;
  }
}

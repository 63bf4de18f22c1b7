import { sendUnaryData, UntypedServiceImplementation } from '@grpc/grpc-js';

import {
  ClusterInfo,
  EndPoint,
  MemberInfo,
} from '@eventstore/db-client/generated/gossip_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import { UUID } from '@eventstore/db-client/generated/shared_pb';

const STREAMS = 'event_store.client.streams.streams';

/**
 * What the client asks before it appends: the methods the server has.
 * Listing `batchappend` makes the client use BatchAppend, as it does
 * against EventStoreDB 21.10 and later.
 */
export function serverFeaturesService(options: {
  readonly batchAppend: boolean;
}): UntypedServiceImplementation {
  return {
    getSupportedMethods: (
      _: unknown,
      callback: sendUnaryData<SupportedMethods>,
    ) => {
      const methods = [
        'read',
        'append',
        ...(options.batchAppend ? ['batchappend'] : []),
      ];
      const supported = new SupportedMethods();
      supported.setEventStoreServerVersion('24.10.0-test-double');
      supported.setMethodsList(
        methods.map((name) => {
          const method = new SupportedMethod();
          method.setServiceName(STREAMS);
          method.setMethodName(name);
          return method;
        }),
      );
      callback(null, supported);
    },
  };
}

/** Gossip for `esdb+discover://`: a cluster of one alive leader. */
export function gossipService(
  instanceId: string,
  endpoint: () => { address: string; port: number },
): UntypedServiceImplementation {
  return {
    read: (_: unknown, callback: sendUnaryData<ClusterInfo>) => {
      const { address, port } = endpoint();
      const http = new EndPoint();
      http.setAddress(address);
      http.setPort(port);
      const id = new UUID();
      id.setString(instanceId);
      const member = new MemberInfo();
      member.setInstanceId(id);
      member.setTimeStamp(String(Date.now() * 10_000));
      member.setState(MemberInfo.VNodeState.LEADER);
      member.setIsAlive(true);
      member.setHttpEndPoint(http);
      const info = new ClusterInfo();
      info.setMembersList([member]);
      callback(null, info);
    },
  };
}

import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule, BullBoardModuleOptions } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';

import { TokenVerifier } from '@app/identity';
import { CAPTURE_QUEUE, INVENTORY_QUEUE } from '@app/queue';

import { supportOnly } from './support-only.middleware';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

// Its own verifier: the worker has no IdentityModule (and no global guard).
@Module({ providers: [TokenVerifier], exports: [TokenVerifier] })
class QueueBoardAuthModule {}

/**
 * Bull Board at `/admin/queues`, for support staff only. Import it only in
 * processes that register the queues (`QueueModule`): the api and worker.
 */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [QueueBoardAuthModule],
      inject: [TokenVerifier],
      useFactory: (verifier: TokenVerifier) => ({
        route: QUEUE_BOARD_ROUTE,
        // @bull-board/express pins its own copy of @bull-board/api, whose
        // types differ only by declaration site.
        adapter: ExpressAdapter as unknown as BullBoardModuleOptions['adapter'],
        middleware: supportOnly(verifier),
      }),
    }),
    BullBoardModule.forFeature(
      { name: CAPTURE_QUEUE, adapter: BullAdapter },
      { name: INVENTORY_QUEUE, adapter: BullAdapter },
    ),
  ],
})
export class QueueBoardModule {}

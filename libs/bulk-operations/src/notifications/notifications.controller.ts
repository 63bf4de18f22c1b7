import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { NotFoundError } from '@app/errors';
import { Authenticated, CurrentUser } from '@app/identity';
import type { AuthenticatedUser } from '@app/identity';

import { ListNotificationsQuery, NotificationPage } from './notification-views';
import { NotificationsQuery } from './notifications.query';

const DEFAULT_LIMIT = 50;

@ApiTags('notifications')
@Controller('v1/me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsQuery) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Your notifications, newest first',
    description: 'One per run you requested, once it has ended.',
  })
  @ApiOkResponse({ type: NotificationPage })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListNotificationsQuery,
  ): Promise<NotificationPage> {
    return this.notifications.list(user.id, {
      unread: query.unread,
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
  }

  @Post(':notificationId/read')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Marks one of your notifications read' })
  @ApiNoContentResponse()
  async markRead(
    @CurrentUser() user: AuthenticatedUser,
    @Param('notificationId', ParseUUIDPipe) notificationId: string,
  ): Promise<void> {
    const marked = await this.notifications.markRead(
      user.id,
      notificationId.toLowerCase(),
    );
    if (!marked) throw new NotFoundError('notification', notificationId);
  }
}

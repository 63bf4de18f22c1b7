import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Response } from 'express';
import { Registry } from 'prom-client';

import { Public } from '@app/identity';

/**
 * Prometheus scrape endpoint. Public like the health probes: it carries no
 * tenant data; keep it off the public network at the ingress.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @ApiExcludeEndpoint()
  @Header('cache-control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.registry.metrics();
    response.type(this.registry.contentType).send(body);
  }
}

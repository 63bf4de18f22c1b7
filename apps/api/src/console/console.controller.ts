import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { NotFoundError } from '@app/errors';
import { Public } from '@app/identity';

import { CONSOLE_ASSETS } from './console-assets';
import { ConsoleDevToken } from './console-dev-token';

// esbuild's output names: letters, digits, dash, one extension.
const ASSET_NAME = /^[\w-]+\.(js|css|map)$/;

/**
 * Serves the operator console. The page and its assets are public; the
 * page sends the user's token on its own API calls.
 */
@Public()
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  constructor(
    @Inject(CONSOLE_ASSETS) private readonly assets: string,
    private readonly devToken: ConsoleDevToken,
  ) {}

  @Get()
  page(@Res() response: Response): void {
    response.set('cache-control', 'no-cache');
    response.sendFile('index.html', { root: this.assets }, (error) => {
      if (error && !response.headersSent) {
        response
          .status(404)
          .type('text/plain')
          .send('The console is not built: run `npm run console:build`.');
      }
    });
  }

  @Get('config.json')
  config(@Res() response: Response): void {
    response.set('cache-control', 'no-store');
    response.json({ devToken: this.devToken.value });
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!ASSET_NAME.test(file)) throw new NotFoundError('asset', file);
    // Names carry a content hash, so a browser may keep them for good.
    response.sendFile(
      file,
      { root: `${this.assets}/assets`, immutable: true, maxAge: '365d' },
      (error) => {
        if (error && !response.headersSent) response.status(404).end();
      },
    );
  }
}

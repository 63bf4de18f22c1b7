import { MigrationInterface } from 'typeorm';

/**
 * Every migration, in order. Generated with `npm run migration:generate`
 * or written by hand; listed here so bundling never depends on globs.
 */
export const MIGRATIONS: Array<new () => MigrationInterface> = [];

/**
 * The source of a hand-reviewable TypeORM migration class. Queries are
 * kept as TypeORM's schema builder wrote them.
 */
export function migrationSource(
  className: string,
  up: readonly string[],
  down: readonly string[],
): string {
  const lines = (queries: readonly string[]) =>
    queries.map((query) => `    await db.query(${literal(query)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(db: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

function literal(query: string): string {
  return `\`${query.replace(/[`\\$]/g, (c) => `\\${c}`)}\``;
}

/** `add tenant notes` or `add-tenant-notes` to `AddTenantNotes`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .join('-')
    .toLowerCase();
}

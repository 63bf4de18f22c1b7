import { readById } from '../capture-strategy';

/** macOS shell scripts; lists return `scriptContent` as null, so by id. */
export const deviceShellScriptStrategy = readById(
  'deviceShellScript',
  'deviceManagement/deviceShellScripts',
);

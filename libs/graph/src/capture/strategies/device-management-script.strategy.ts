import { readById } from '../capture-strategy';

/** PowerShell scripts; lists return `scriptContent` as null, so by id. */
export const deviceManagementScriptStrategy = readById(
  'deviceManagementScript',
  'deviceManagement/deviceManagementScripts',
);

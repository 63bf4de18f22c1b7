import { readById } from '../capture-strategy';

/** Remediations; detection and remediation content only come by id. */
export const deviceHealthScriptStrategy = readById(
  'deviceHealthScript',
  'deviceManagement/deviceHealthScripts',
);

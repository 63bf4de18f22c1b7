import { readById } from '../capture-strategy';

export const autopilotProfileStrategy = readById(
  'autopilotProfile',
  'deviceManagement/windowsAutopilotDeploymentProfiles',
);

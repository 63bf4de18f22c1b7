import { readById } from '../capture-strategy';

export const qualityUpdateProfileStrategy = readById(
  'qualityUpdateProfile',
  'deviceManagement/windowsQualityUpdateProfiles',
);

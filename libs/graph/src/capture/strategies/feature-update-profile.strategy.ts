import { readById } from '../capture-strategy';

export const featureUpdateProfileStrategy = readById(
  'featureUpdateProfile',
  'deviceManagement/windowsFeatureUpdateProfiles',
);

import { readAppProtection } from './read-app-protection';

export const appProtectionAndroidStrategy = readAppProtection(
  'appProtectionAndroid',
  'deviceAppManagement/androidManagedAppProtections',
);

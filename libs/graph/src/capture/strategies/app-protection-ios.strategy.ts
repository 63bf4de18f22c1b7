import { readAppProtection } from './read-app-protection';

export const appProtectionIosStrategy = readAppProtection(
  'appProtectionIos',
  'deviceAppManagement/iosManagedAppProtections',
);

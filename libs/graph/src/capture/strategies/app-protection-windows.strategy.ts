import { readAppProtection } from './read-app-protection';

export const appProtectionWindowsStrategy = readAppProtection(
  'appProtectionWindows',
  'deviceAppManagement/windowsManagedAppProtections',
);

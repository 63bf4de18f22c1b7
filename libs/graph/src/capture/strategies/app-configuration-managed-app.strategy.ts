import { readAppProtection } from './read-app-protection';

/** App configurations for managed apps, with their targeted apps. */
export const appConfigurationManagedAppStrategy = readAppProtection(
  'appConfigurationManagedApp',
  'deviceAppManagement/targetedManagedAppConfigurations',
);

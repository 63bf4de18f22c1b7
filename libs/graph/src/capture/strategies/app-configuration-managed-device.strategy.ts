import { readById } from '../capture-strategy';

/**
 * App configurations for managed devices: `payloadJson` stays base64 and
 * `targetedMobileApps` stay raw app ids, as Graph returns them.
 */
export const appConfigurationManagedDeviceStrategy = readById(
  'appConfigurationManagedDevice',
  'deviceAppManagement/mobileAppConfigurations',
);

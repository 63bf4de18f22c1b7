import { readById } from '../capture-strategy';

/**
 * Enrollment configurations of every kind; an enrollment status page's
 * `selectedMobileAppIds` stay raw ids.
 */
export const enrollmentConfigurationStrategy = readById(
  'enrollmentConfiguration',
  'deviceManagement/deviceEnrollmentConfigurations',
);

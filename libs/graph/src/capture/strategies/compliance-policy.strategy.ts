import { readById } from '../capture-strategy';

/**
 * Compliance policies with their scheduled actions and each action's
 * configurations (notification template ids kept raw).
 */
export const compliancePolicyStrategy = readById(
  'compliancePolicy',
  'deviceManagement/deviceCompliancePolicies',
  '?$expand=scheduledActionsForRule($expand=scheduledActionConfigurations)',
);

import { AppConfig, loadAppConfig } from './app-config';
import { ConfigurationError } from './configuration-error';

/**
 * For `main.ts`: the configuration, or one clear line on stderr and exit
 * code 78 (configuration error) when any variable is bad.
 */
export function loadAppConfigOrExit(env = process.env): AppConfig {
  try {
    return loadAppConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

/** Bad configuration: the message names each offending variable and the value it had. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Wire protocol between desktop core and server. The server accepts a declared range. */
export const PROTOCOL_VERSION = 1;
/** Version of the replica schema the desktop expects. */
export const SCHEMA_VERSION = 1;

export const SUPPORTED_PROTOCOL_VERSIONS = { min: 1, max: 1 } as const;
export const SUPPORTED_SCHEMA_VERSIONS = { min: 1, max: 1 } as const;

/** Headers every desktop request carries. */
export const HEADER_PROTOCOL_VERSION = 'x-capliquify-protocol';
export const HEADER_SCHEMA_VERSION = 'x-capliquify-schema';
export const HEADER_DEVICE_ID = 'x-capliquify-device';
export const HEADER_REQUEST_ID = 'x-request-id';
/** The desktop app's own version (its package version), sent with pulls and update checks: the fleet's view. */
export const HEADER_APP_VERSION = 'x-capliquify-app-version';

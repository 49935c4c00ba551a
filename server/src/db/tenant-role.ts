/** The role tenant-scoped work runs as; row-level security applies to it (migration 0008). */
export const TENANT_ROLE = 'capliquify_tenant';
/** The transaction-local setting that names the tenant for the policies. */
export const TENANT_SETTING = 'capliquify.tenant_id';

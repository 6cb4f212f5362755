// SP-API error bodies: { errors: [{ code, message, details }] }.

export const spError = (code: string, message: string, details = '') => ({ errors: [{ code, message, details }] });
export const QUOTA_EXCEEDED = () => spError('QuotaExceeded', 'You exceeded your quota for the requested resource.');
export const INVALID_INPUT = (message: string) => spError('InvalidInput', message);
export const UNAUTHORIZED = () => spError('Unauthorized', 'Access to requested resource is denied.', 'The access token you provided is revoked, malformed or invalid.');
export const TOKEN_EXPIRED = () => spError('Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.');
export const NOT_FOUND = (message: string) => spError('NOT_FOUND', message);
export const INTERNAL_FAILURE = () => spError('InternalFailure', 'We encountered an internal error. Please try again.');

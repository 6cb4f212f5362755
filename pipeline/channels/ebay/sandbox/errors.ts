// eBay's ErrorDetailV3 and the error ids of the Inventory API the sandbox answers with.

export interface EbayError {
  errorId: number;
  domain: string;
  subdomain?: string;
  category: 'REQUEST' | 'APPLICATION' | 'BUSINESS';
  message: string;
  longMessage?: string;
  parameters?: { name: string; value: string }[];
}

export const ebayError = (errorId: number, message: string, category: EbayError['category'] = 'REQUEST', parameters?: EbayError['parameters']): EbayError => ({
  errorId,
  domain: 'API_INVENTORY',
  subdomain: 'Selling',
  category,
  message,
  ...(parameters ? { parameters } : {}),
});

export const SYSTEM_ERROR = () => ebayError(25001, 'A system error has occurred. Please try again later.', 'APPLICATION');
export const USER_ERROR = (message: string) => ebayError(25002, `Any User error. ${message}`);
export const INVALID_QUANTITY = () => ebayError(25004, 'Invalid quantity.');
export const INVALID_VALUE = (field: string) => ebayError(25709, `Invalid value for ${field}.`, 'REQUEST', [{ name: 'fieldName', value: field }]);
export const SKU_NOT_AVAILABLE = (sku: string) => ebayError(25702, `SKU ${sku} is not available in the system.`, 'REQUEST', [{ name: 'sku', value: sku }]);
export const NOT_FOUND = () => ebayError(25710, "We didn't find the resource/entity you are requesting. Please verify the request");
export const TOO_MANY_ITEMS = (max: number) => ebayError(25727, `The number of InventoryItems in the request cannot exceed ${max}.`, 'REQUEST', [{ name: 'additionalInfo', value: String(max) }]);
export const TOO_MANY_REQUESTS = (): EbayError => ({ errorId: 2001, domain: 'ACCESS', category: 'REQUEST', message: 'Too many requests.', longMessage: 'The request limit has been reached for the resource.' });
export const INVALID_TOKEN = (): EbayError => ({ errorId: 1001, domain: 'OAuth', category: 'REQUEST', message: 'Invalid access token', longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.' });

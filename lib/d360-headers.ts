/** 360dialog's API-key header, on every call to 360dialog (sends, webhook registration, templates). */
export const D360_API_KEY_HEADER = 'D360-API-KEY';

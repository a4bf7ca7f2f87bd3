/** Pure text utilities (no I/O, Node built-ins only): Persian normalisation, phones, ticket numbers, content rule, Telegram HTML, Jalali dates. */
export * from './normalize.ts';
export * from './phone.ts';
export * from './ticket-number.ts';
export * from './content-rule.ts';
export * from './html.ts';
export * from './jalali.ts';
export * from './bidi.ts';

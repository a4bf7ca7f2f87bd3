/** The words for an error code, shared by the form helpers (forms.ts) and the views. */
import { hasMessage, type Translate } from '../core/i18n/index.ts';

/** the text of an error code: the org services' `org-error-<code>`, the panel's `admin-err-<code>`, or a generic one */
export function errorText(t: Translate, code: string): string {
  if (hasMessage('fa', `org-error-${code}`)) return t(`org-error-${code}`);
  if (hasMessage('fa', `admin-err-${code}`)) return t(`admin-err-${code}`);
  return t('admin-err-validation');
}

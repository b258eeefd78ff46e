// What a new password must be (OWASP ASVS 4.0 L2, V2.1): at least 12 characters (counted as
// characters, not bytes or UTF-16 units), at most 256, not one of the commonly used passwords, not
// the published demo password, and not containing the account's username. No composition rules.
import type { FieldError } from '../domain/errors';
import { DEMO_PASSWORD } from '../platform/seed';

export const MIN_PASSWORD_CHARS = 12;
export const MAX_PASSWORD_CHARS = 256;

let common: Promise<Set<string>> | undefined;

/** The common-password list of zxcvbn-ts (about 49,000 entries), lower-cased, loaded once. */
export function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())),
  );
  return common;
}

const refusal = (field: string, code: string, zh: string, en: string): FieldError => ({
  field,
  code,
  message: { zh, en },
});

/** The reasons `password` may not be set for `username`, as field errors on `field` (empty: it may). */
export async function passwordPolicyErrors(
  password: string,
  username: string,
  field = 'password',
): Promise<FieldError[]> {
  const chars = [...password].length;
  if (chars < MIN_PASSWORD_CHARS)
    return [
      refusal(
        field,
        'too_short',
        `密码至少须有 ${MIN_PASSWORD_CHARS} 个字符`,
        `The password needs at least ${MIN_PASSWORD_CHARS} characters`,
      ),
    ];
  if (chars > MAX_PASSWORD_CHARS)
    return [
      refusal(
        field,
        'too_long',
        `密码不得超过 ${MAX_PASSWORD_CHARS} 个字符`,
        `The password may have at most ${MAX_PASSWORD_CHARS} characters`,
      ),
    ];
  const lower = password.toLowerCase();
  if (password === DEMO_PASSWORD)
    return [refusal(field, 'demo_password', '不得使用公开的演示密码', 'The published demo password cannot be used')];
  if ((await commonPasswords()).has(lower))
    return [
      refusal(
        field,
        'common_password',
        '该密码属于常用密码，容易被猜中，请另设',
        'This is a commonly used password and easy to guess; choose another',
      ),
    ];
  if (username && lower.includes(username.toLowerCase()))
    return [refusal(field, 'contains_username', '密码不得包含用户名', 'The password must not contain the username')];
  return [];
}

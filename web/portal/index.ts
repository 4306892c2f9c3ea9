export { createPortalRoutes } from './create-portal-routes';
export type { PortalAccount, PortalDeps } from './portal-context';
export {
  hashPassword,
  verifyPassword,
  parsePasswordHash,
  runHashPasswordCli,
  DEFAULT_SCRYPT_PARAMS,
} from './password-hash';
export type { PortalLocale } from './portal-messages';

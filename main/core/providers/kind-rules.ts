import type { ClientFields } from '../../../contract/domain.ts';

/** The client of a standard OAuth server: an ID, and a secret as its authentication says. */
export const STANDARD_CLIENT: ClientFields = {
  registration: 'required',
  idLabel: 'Client ID',
  idHint: 'As registered at the provider.',
  numericId: false,
  secret: 'by-auth-method',
  noun: 'client',
};

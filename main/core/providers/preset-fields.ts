import type { PresetField } from '../../../contract/domain.ts';

/** The client ID field most presets leave for the user. */
export const CLIENT_ID: PresetField = {
  key: 'clientId',
  label: 'Client ID',
  hint: 'From the app you registered at the provider.',
};

/** The client secret field of presets for confidential clients. */
export const CLIENT_SECRET: PresetField = {
  key: 'clientSecret',
  label: 'Client secret',
  secret: true,
};

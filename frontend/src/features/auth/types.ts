// Payload types of the auth API, from the generated OpenAPI types.
import type { components } from '@/lib/api-types';

type Schemas = components['schemas'];

export type User = Schemas['Me'];
export type Credentials = Schemas['TokenObtainPairRequest'];
export type Registration = Schemas['RegisterRequest'];
export type RegisteredUser = Schemas['UserSummary'];
export type TokenPair = Schemas['TokenPair'];
export type ProfileChange = Schemas['PatchedMeUpdateRequest'];
export type PasswordResetRequest = Schemas['PasswordResetRequest'];
export type PasswordResetConfirm = Schemas['PasswordResetConfirmRequest'];
export type PasswordChange = Schemas['PasswordChangeRequest'];

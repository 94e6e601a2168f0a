// Re-exported from the generated API types once the schema is available;
// components import payload types from here only.
export interface User {
  id: number;
  username: string;
  email: string;
  isAdmin: boolean;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface Registration {
  username: string;
  email: string;
  password: string;
  password2: string;
}

export interface RegisteredUser {
  id: number;
  username: string;
  email: string;
}
